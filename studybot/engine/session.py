"""The session summary: every few answers in a row, and when no card is left, how the session went."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, case, func, select

from studybot.engine.replies import Notice, Prompt, SessionSummary
from studybot.engine.stats import streak
from studybot.engine.turn import Turn
from studybot.srs import Rating
from studybot.storage import queue
from studybot.storage.direct import Direct
from studybot.storage.models import ReviewLog
from studybot.storage.seconds import epoch_seconds

SESSION_GAP = timedelta(minutes=30)  # a longer pause between two answers starts a new session
LOOK_BACK = timedelta(hours=12)  # sessions longer than this are counted from here
MAX_SESSION = 2000


def summary(turn: Turn, next_reply: Prompt | Notice) -> SessionSummary | None:
    """Called right after an answer was logged: the summary when the session reached a multiple of
    `summary_every` answers, or when `next_reply` asks no more cards; else None."""
    reviewed, right = _session_tally(turn)
    every = turn.settings.summary_every
    if not reviewed or (_asks_more(next_reply) and (every <= 0 or reviewed % every)):
        return None
    due_now = queue.due_count(turn.session, turn.user.id, turn.now)
    next_due = None if due_now else queue.next_due(turn.session, turn.user.id, turn.now)
    return SessionSummary(
        reviewed=reviewed,
        right=right,
        due_now=due_now,
        next_due=turn.local_time(next_due) if next_due else None,
        streak_days=streak(turn),
    )


def _asks_more(reply: Prompt | Notice) -> bool:
    return isinstance(reply, Prompt) or reply.next is not None or reply.study_ahead  # a card within minutes


# The session is the run of latest answers with no pause longer than SESSION_GAP. The database walks
# them newest first: each answer's pause is the time to the answer after it (to now, for the newest),
# `breaks` counts the long pauses met so far, and the session is the answers before the first.
_RECENT = (
    select(
        ReviewLog.rating,
        epoch_seconds(ReviewLog.reviewed_at).label("at"),
        func.lag(epoch_seconds(ReviewLog.reviewed_at))
        .over(order_by=(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc()))
        .label("later"),
    )
    .where(
        ReviewLog.user_id == bindparam("user_id"),
        ReviewLog.cram.is_(False),  # a cram has its own tally when it ends
        ReviewLog.reviewed_at >= bindparam("since"),
    )
    .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
    .limit(MAX_SESSION)
    .subquery()
)
_PAUSED = case((func.coalesce(_RECENT.c.later, bindparam("now_s")) - _RECENT.c.at > SESSION_GAP.total_seconds(), 1))
_MARKED = select(
    _RECENT.c.rating,
    func.count(_PAUSED).over(order_by=(_RECENT.c.at.desc(), _RECENT.c.later.desc()), rows=(None, 0)).label("breaks"),
).subquery()
_TALLY = Direct(
    select(func.count(), func.count(case((_MARKED.c.rating != int(Rating.AGAIN), 1)))).where(_MARKED.c.breaks == 0)
)  # runs after every answer: one row back, however long the session


def _session_tally(turn: Turn) -> tuple[int, int]:
    """How many answers the session has, and how many of them were right."""
    params = {"user_id": turn.user.id, "since": turn.now - LOOK_BACK, "now_s": turn.now.timestamp()}
    row = _TALLY.first(turn.session, params)
    return (int(row[0]), int(row[1] or 0)) if row else (0, 0)
