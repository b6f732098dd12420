"""The session summary: every few answers in a row, and when no card is left, how the session went."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, select

from studybot.engine.replies import Notice, Prompt, SessionSummary
from studybot.engine.stats import streak
from studybot.engine.turn import Turn
from studybot.srs import Memory, Rating
from studybot.storage import answers, queue, tallies
from studybot.storage.direct import Direct
from studybot.storage.models import ReviewLog
from studybot.storage.seconds import epoch_seconds

SESSION_GAP = timedelta(minutes=30)  # a longer pause between two answers starts a new session
LOOK_BACK = timedelta(hours=12)  # sessions longer than this are counted from here
MAX_SESSION = 2000


def count(turn: Turn, memory: Memory, log: Mapping[str, Any], rating: Rating) -> tallies.Tally:
    """Store a scheduled answer rated `rating` (the card's new `memory`, its `log` row) and count it in the
    session tally; the tally, for `summary`."""
    right, fresh_since = rating != Rating.AGAIN, turn.now - SESSION_GAP
    return answers.record(turn.session, memory=memory, log=log, right=right, fresh_since=fresh_since)


def summary(turn: Turn, next_reply: Prompt | Notice, kept: tallies.Tally) -> SessionSummary | None:
    """Called after `count` stored an answer (`kept`: its tally): the summary when the session reached a
    multiple of `summary_every` answers, or when `next_reply` asks no more cards; else None."""
    reviewed, right = _session_tally(turn, kept)
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
        streak_days=streak(turn, reviewed_today=True),  # the answer just logged
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
    _RECENT.c.at,
    func.count(_PAUSED).over(order_by=(_RECENT.c.at.desc(), _RECENT.c.later.desc()), rows=(None, 0)).label("breaks"),
).subquery()
_COUNTED = Direct(
    select(func.count(), func.count(case((_MARKED.c.rating != int(Rating.AGAIN), 1))), func.min(_MARKED.c.at)).where(
        _MARKED.c.breaks == 0
    )
)  # one row back, however long the session


def _session_tally(turn: Turn, kept: tallies.Tally) -> tuple[int, int]:
    """How many answers the session has, and how many of them were right: the running tally, or the log
    when the tally does not know (see storage/tallies.py) or the session outgrew what the log's count reads."""
    if kept.answers is not None and kept.right is not None:
        if kept.answers < MAX_SESSION and kept.started_at >= turn.now - LOOK_BACK:
            return kept.answers, kept.right
        return _counted(turn)[:2]
    reviewed, right, started_at = _counted(turn)
    if reviewed:
        tallies.store(turn.session, turn.user.id, started_at, reviewed, right)
    return reviewed, right


def _counted(turn: Turn) -> tuple[int, int, datetime]:
    """The session's answers, right ones and first answer, counted in the review log."""
    params = {"user_id": turn.user.id, "since": turn.now - LOOK_BACK, "now_s": turn.now.timestamp()}
    row = _COUNTED.first(turn.session, params)
    if not row or not row[0]:
        return 0, 0, turn.now
    return int(row[0]), int(row[1] or 0), datetime.fromtimestamp(float(row[2]), UTC)
