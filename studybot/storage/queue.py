"""Which card a learner sees next, and how many are waiting. These are the hot queries.

They are built once, with bound parameters, because building a SQLAlchemy statement costs several
times more than SQLite takes to run it: :uid the learner, :now the time, :deck, :pos, :cap.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from studybot.storage.direct import Direct
from studybot.storage.models import BuriedCard, Card, CardState, Deck, ReviewLog, Subscription

# a card as the engine asks it (engine/catalog.py): read with the pick that chose it, it needs no statement of its own
CARD_ROW = (Card.id, Card.deck_id, Card.kind, Card.position, Card.retired, Card.content_hash, Deck.content_hash)
PICKED = "studybot.queue.picked"  # Session.info key: {card id: CARD_ROW values} of cards a pick read
REVIEW_STATE = 2  # fsrs.State.Review; 1 and 3 are learning and relearning
UID: BindParameter[int] = bindparam("uid")
NOW: BindParameter[datetime] = bindparam("now")
_SUBSCRIBED = and_(Subscription.user_id == UID, Subscription.deck_id == Card.deck_id)
BURIED = exists().where(BuriedCard.user_id == UID, BuriedCard.card_id == Card.id, BuriedCard.until > NOW)
_DUE = (
    select(CardState.card_id)
    .join(Card, Card.id == CardState.card_id)
    .join(Subscription, _SUBSCRIBED)
    .where(CardState.user_id == UID, CardState.suspended == false(), Card.retired == false())
)
# learning or relearning: minutes-long steps. A literal, not a parameter: the partial index of learning
# cards (ix_card_states_user_learning_due) serves only a query that says "state != 2" itself.
LEARNING = CardState.state != literal_column(str(REVIEW_STATE))
# Anki's order: learning steps that are due first (they lose their point when late), then reviews.
# Two walks of the (user, suspended, due) index that each stop at their first card, rather than sorting
# every overdue card by (learning first, due): a learner back from a break has thousands overdue.
_FIRST_DUE = _DUE.where(CardState.due <= NOW, ~BURIED).order_by(CardState.due).limit(1)
_MOST_OVERDUE_CARD = func.coalesce(
    _FIRST_DUE.where(LEARNING).scalar_subquery(), _FIRST_DUE.scalar_subquery()
)  # COALESCE stops at its first non-null argument on both backends
_MOST_OVERDUE = Direct(select(_MOST_OVERDUE_CARD))
_LEARN_AHEAD = Direct(
    _DUE.where(LEARNING, CardState.due <= bindparam("until"), ~BURIED).order_by(CardState.due).limit(1)
)
_DUE_BEFORE = _DUE.with_only_columns(literal(1)).where(CardState.due <= bindparam("before"), ~BURIED)
_NEXT_DUE = Direct(_DUE.with_only_columns(func.min(CardState.due)).where(~BURIED))
_NEXT_UNBURIED = Direct(
    _DUE.with_only_columns(
        func.min(case((CardState.due > BuriedCard.until, CardState.due), else_=BuriedCard.until))
    ).join(BuriedCard, and_(BuriedCard.user_id == UID, BuriedCard.card_id == Card.id, BuriedCard.until > NOW))
)
_DUE_COUNT = Direct(select(func.count()).select_from(_DUE_BEFORE.subquery()))
# ordered by due, so PostgreSQL's generic plan walks the (user, suspended, due) index and stops at the cap; it
# used to merge-join every card state of the learner by card id (0.84 ms with nothing due, 10,000 cards seen)
_DUE_COUNT_CAPPED = select(func.count()).select_from(
    _DUE_BEFORE.order_by(CardState.due).limit(bindparam("cap")).subquery()
)
_NEW_SINCE = select(func.count()).where(
    ReviewLog.user_id == UID,
    ReviewLog.was_new.is_(True),
    ReviewLog.cram.is_(False),
    ReviewLog.reviewed_at >= bindparam("since"),
)
# a pick's reads in one round trip: the card to ask (and its row, for asking it), new cards met today, cards
# due (capped)
_COUNTS = select(
    _MOST_OVERDUE_CARD.label("card_id"),
    _NEW_SINCE.scalar_subquery().label("new_today"),
    _DUE_COUNT_CAPPED.scalar_subquery().label("due"),
).subquery()
_OVERVIEW = Direct(
    select(_COUNTS.c.new_today, _COUNTS.c.due, *CARD_ROW).select_from(
        _COUNTS.outerjoin(Card, Card.id == _COUNTS.c.card_id).outerjoin(Deck, Deck.id == Card.deck_id)
    )
)
# the two composed into others above, as the answer path runs them (the rest are Direct where defined)
_RUN_DUE_COUNT_CAPPED = Direct(_DUE_COUNT_CAPPED)
_RUN_NEW_SINCE = Direct(_NEW_SINCE)


def most_overdue(session: Session, user_id: int, now: datetime) -> int | None:
    """The due card of a subscribed deck to ask first: a learning step, else the most overdue review."""
    card_id = _MOST_OVERDUE.scalar(session, {"uid": user_id, "now": now})
    return None if card_id is None else int(card_id)


class Overview(NamedTuple):
    most_overdue: int | None  # as `most_overdue`
    new_today: int  # as `new_seen_since`
    due: int  # as `due_count(now, cap)`


def overview(session: Session, user_id: int, now: datetime, *, since: datetime, cap: int) -> Overview:
    """`most_overdue`, `new_seen_since(since)` and `due_count(now, cap)` in one statement: a pick needs all three."""
    params = {"uid": user_id, "now": now, "since": since, "before": now, "cap": cap}
    row = _OVERVIEW.rows(session, params)[0]
    card = tuple(row[2:])
    if card[0] is not None:
        remember_picked(session, card)
    return Overview(card[0], int(row[0] or 0), int(row[1] or 0))


def remember_picked(session: Session, card: tuple[Any, ...]) -> None:
    session.info.setdefault(PICKED, {})[card[0]] = card


def picked_row(session: Session, card_id: int) -> tuple[Any, ...] | None:
    """The CARD_ROW values of `card_id` if a pick of this transaction read them (once: then forgotten)."""
    picked = session.info.get(PICKED)
    return None if picked is None else picked.pop(card_id, None)


def learn_ahead(session: Session, user_id: int, now: datetime, until: datetime) -> int | None:
    """The learning card due soonest before `until`, for when nothing else is left to ask."""
    return _LEARN_AHEAD.scalar(session, {"uid": user_id, "now": now, "until": until})


def next_due(session: Session, user_id: int, now: datetime) -> datetime | None:
    """When the next card of a subscribed deck comes due: a skipped card counts from the end of its skip."""
    params = {"uid": user_id, "now": now}
    times = [query.scalar(session, params) for query in (_NEXT_DUE, _NEXT_UNBURIED)]
    return min((t for t in times if t is not None), default=None)


def due_count(
    session: Session, user_id: int, before: datetime, cap: int | None = None, *, now: datetime | None = None
) -> int:
    """Cards due before `before` and not skipped at `now` (default: `before`); with `cap`, counting stops
    there (cheap enough for every prompt)."""
    params: dict[str, Any] = {"uid": user_id, "before": before, "now": now or before}
    if cap is None:
        return int(_DUE_COUNT.scalar(session, params) or 0)
    return int(_RUN_DUE_COUNT_CAPPED.scalar(session, {**params, "cap": cap}) or 0)


def new_seen_since(session: Session, user_id: int, since: datetime) -> int:
    """New cards introduced since `since` (the learner's local midnight): the daily new-card count."""
    return int(_RUN_NEW_SINCE.scalar(session, {"uid": user_id, "since": since}) or 0)
