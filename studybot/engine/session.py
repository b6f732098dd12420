"""The session summary: every few answers in a row, and when no card is left, how the session went."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, select

from studybot.engine.replies import Notice, Prompt, SessionSummary
from studybot.engine.stats import streak
from studybot.engine.turn import Turn
from studybot.srs import Rating
from studybot.storage import queue
from studybot.storage.models import ReviewLog

SESSION_GAP = timedelta(minutes=30)  # a longer pause between two answers starts a new session
LOOK_BACK = timedelta(hours=12)  # sessions longer than this are counted from here
MAX_SESSION = 2000


def summary(turn: Turn, next_reply: Prompt | Notice) -> SessionSummary | None:
    """Called right after an answer was logged: the summary when the session reached a multiple of
    `summary_every` answers, or when `next_reply` asks no more cards; else None."""
    ratings = _session_ratings(turn)
    every = turn.settings.summary_every
    if not ratings or (_asks_more(next_reply) and (every <= 0 or len(ratings) % every)):
        return None
    due_now = queue.due_count(turn.session, turn.user.id, turn.now)
    next_due = None if due_now else queue.next_due(turn.session, turn.user.id, turn.now)
    return SessionSummary(
        reviewed=len(ratings),
        right=sum(rating != Rating.AGAIN for rating in ratings),
        due_now=due_now,
        next_due=turn.local_time(next_due) if next_due else None,
        streak_days=streak(turn),
    )


def _asks_more(reply: Prompt | Notice) -> bool:
    return isinstance(reply, Prompt) or reply.next is not None or reply.study_ahead  # a card within minutes


_LATEST = (
    select(ReviewLog.reviewed_at, ReviewLog.rating)
    .where(
        ReviewLog.user_id == bindparam("user_id"),
        ReviewLog.cram.is_(False),  # a cram has its own tally when it ends
        ReviewLog.reviewed_at >= bindparam("since"),
    )
    .order_by(ReviewLog.reviewed_at.desc())
    .limit(MAX_SESSION)
)  # built once: this runs after every answer


def _session_ratings(turn: Turn) -> list[int]:
    """The ratings of the learner's latest answers with no pause longer than SESSION_GAP, newest first."""
    rows = turn.session.connection().execute(_LATEST, {"user_id": turn.user.id, "since": turn.now - LOOK_BACK})
    ratings: list[int] = []
    later = turn.now
    for reviewed_at, rating in rows:
        if later - reviewed_at > SESSION_GAP:
            break
        ratings.append(rating)
        later = reviewed_at
    return ratings
