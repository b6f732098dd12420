"""Begun pushes that never reached the platform: the bot stopped while the platform was refusing them
(a 429 being waited out, a front that could not take them; NOT_SENT, then SIGTERM).

A begun push is `claimed` in push_log, and a claimed day is never pushed again (a crash mid-send may have
delivered it). One the platform surely has none of, though, may be sent afresh: its day's row is removed and
the learner is due again (at the instant they were claimed for), so the bot started next, or another
process, pushes them within the grace window. If the database is away at that moment too, the row stays
`claimed` and that learner misses the day, as after a crash (docs/pushes.md).
"""

from __future__ import annotations

import logging

from sqlalchemy import case, delete, literal, update
from sqlalchemy.orm import Session

from studybot.push.claims import Claim
from studybot.push.sending import DOWN
from studybot.storage.db import Database
from studybot.storage.models import PushLog, PushSchedule

log = logging.getLogger(__name__)


def unbegin(session: Session, claim: Claim) -> None:
    """The begun push of `claim` was not sent: its day's row goes, and the learner is due again unless their
    schedule changed meanwhile (paused or blocked: no next push; queued again by a tick)."""
    mine = (PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date, PushLog.status == "claimed")
    if session.connection().execute(delete(PushLog).where(*mine)).rowcount != 1:
        return
    due = literal(claim.due, PushSchedule.next_push_at.type)  # stored as the column stores it (naive UTC)
    kept = case((PushSchedule.next_push_at.is_(None), None), else_=due)
    row = (PushSchedule.user_id == claim.user_id, PushSchedule.queued_day.is_(None))
    session.connection().execute(update(PushSchedule).where(*row).values(next_push_at=kept))


async def stopped_unsent(db: Database, claim: Claim) -> str:
    """The bot stopped before the platform took any of the push of `claim`: its start is undone. "not sent"."""
    log.info("push to learner %d not sent: the bot is stopping; it is due again", claim.user_id)
    try:
        await db.run(lambda session: unbegin(session, claim))
    except DOWN as exc:
        log.warning("push to learner %d not sent, and not due again either (%s)", claim.user_id, exc)
    return "not sent"
