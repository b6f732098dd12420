"""The learner's statistics, counted in their own local days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Exists, and_, bindparam, case, exists, func, literal, select, union_all

from studybot.engine import memory_model
from studybot.engine.charts import progress_chart
from studybot.engine.replies import DeckProgress, Headline, Stats
from studybot.engine.turn import Turn
from studybot.srs import Rating
from studybot.storage import queue
from studybot.storage.direct import Direct
from studybot.storage.models import BuriedCard, Card, CardState, Deck, ReviewLog, Subscription

MAX_STREAK_DAYS = 3650
STREAK_CHUNK = 31  # days looked up per statement


def stats(turn: Turn) -> Stats:
    user_id, since = turn.user.id, turn.local_midnight()
    today = _count_logs(turn, since)
    new_today = queue.new_seen_since(turn.session, user_id, since)
    headline = Headline(
        streak_days=streak(turn, reviewed_today=today > 0),
        due_today=queue.due_count(turn.session, user_id, turn.local_midnight(days_ahead=1), now=turn.now),
        retention_30d=_retention(turn),
    )
    return Stats(
        due_now=queue.due_count(turn.session, user_id, turn.now),
        due_today=headline.due_today,
        reviewed_today=today,
        new_today=new_today,
        new_limit=turn.user.new_per_day,
        streak_days=headline.streak_days,
        retention_30d=headline.retention_30d,
        decks=_deck_progress(turn),
        chart=progress_chart(turn, headline),
        memory_model=memory_model.stats_line(turn),
    )


def _count_logs(turn: Turn, since: object, until: object = None) -> int:
    query = select(func.count()).where(
        ReviewLog.user_id == turn.user.id, ReviewLog.cram.is_(False), ReviewLog.reviewed_at >= since
    )
    if until is not None:
        query = query.where(ReviewLog.reviewed_at < until)
    return int(turn.session.scalar(query) or 0)


def streak(turn: Turn, *, reviewed_today: bool | None = None) -> int:
    """Consecutive local days with a review, ending today (or yesterday, if today has none yet)."""
    if reviewed_today is None:
        reviewed_today = _reviewed_on(turn, 0)
    days, first, chunk = int(reviewed_today), 1, 1
    while first < MAX_STREAK_DAYS:  # yesterday alone first: most streaks are short, and a big union is not free
        backs = range(first, min(first + chunk, MAX_STREAK_DAYS))
        reviewed = _days_reviewed(turn, backs)
        for back in backs:
            if not reviewed.get(back):
                return days
            days += 1
        first, chunk = backs.stop, min(chunk * 2, STREAK_CHUNK)
    return days


def _reviewed_between(user_id: Any, start: Any, end: Any) -> Exists:
    return exists().where(
        ReviewLog.user_id == user_id,
        ReviewLog.cram.is_(False),
        ReviewLog.reviewed_at >= start,
        ReviewLog.reviewed_at < end,
    )


# a summary's streak asks about yesterday alone, most often
_REVIEWED_ON = Direct(select(_reviewed_between(bindparam("uid"), bindparam("start"), bindparam("end"))))


def _reviewed_on(turn: Turn, back: int) -> bool:
    """Whether the local day `back` days ago has a review."""
    params = {"uid": turn.user.id, "start": turn.local_midnight(-back), "end": turn.local_midnight(-back + 1)}
    return bool(_REVIEWED_ON.scalar(turn.session, params))


def _days_reviewed(turn: Turn, backs: range) -> dict[int, bool]:
    """For each local day `back` days ago, whether it has a review: one statement for the lot (a year-long
    streak used to cost 365 round trips)."""
    if len(backs) == 1:
        return {backs[0]: _reviewed_on(turn, backs[0])}
    midnights = {back: (turn.local_midnight(-back), turn.local_midnight(-back + 1)) for back in backs}
    days = [select(literal(back), _reviewed_between(turn.user.id, *midnights[back])) for back in backs]
    return {int(back): bool(seen) for back, seen in turn.session.execute(union_all(*days))}


def _retention(turn: Turn) -> float | None:
    remembered = func.sum(case((ReviewLog.rating != int(Rating.AGAIN), 1), else_=0))
    query = select(func.count(), remembered).where(
        ReviewLog.user_id == turn.user.id,
        ReviewLog.was_new.is_(False),
        ReviewLog.cram.is_(False),  # cram answers come right after a miss: they would flatter retention
        ReviewLog.reviewed_at >= turn.now - timedelta(days=30),
    )
    total, kept = (turn.session.execute(query)).one()
    return None if not total else float(kept) / total


def _deck_progress(turn: Turn) -> tuple[DeckProgress, ...]:
    state = and_(CardState.card_id == Card.id, CardState.user_id == turn.user.id)
    skipped = exists().where(
        BuriedCard.user_id == turn.user.id, BuriedCard.card_id == Card.id, BuriedCard.until > turn.now
    )
    query = (
        select(
            Deck.id,
            Deck.title,
            func.count(Card.id),
            func.count(CardState.card_id),
            func.sum(case((and_(CardState.due <= turn.now, CardState.suspended.is_(False), ~skipped), 1), else_=0)),
            func.sum(case((CardState.suspended.is_(True), 1), else_=0)),
        )
        .join(Subscription, and_(Subscription.deck_id == Deck.id, Subscription.user_id == turn.user.id))
        .join(Card, and_(Card.deck_id == Deck.id, Card.retired.is_(False)))
        .outerjoin(CardState, state)
        .group_by(Deck.id, Deck.title)
        .order_by(Deck.title)
    )
    rows = (turn.session.execute(query)).all()
    return tuple(DeckProgress(r[0], r[1], r[2], r[3], int(r[4] or 0), int(r[5] or 0)) for r in rows)
