"""Begun pushes that never reached the platform: the database failed while their reply was being built.

A begun push is `claimed` in push_log, and a claimed day is never pushed again (a crash mid-send may have
delivered it). A push whose reply could not even be built, though, was surely not sent: its day's row is
removed and the learner is due again (at the instant they were claimed for), so the next tick here or in
another process pushes them within the grace window. The database is usually down at that moment, so the
undo is tried again at the start of each tick of this process until it goes through; if this process stops
first, the row stays `claimed` and that learner misses the day, as after a crash (docs/pushes.md).
"""

from __future__ import annotations

import logging
from functools import partial

from sqlalchemy import case, delete, literal, update
from sqlalchemy.orm import Session

from studybot.push.claims import Claim
from studybot.push.sending import DOWN
from studybot.storage.db import Database
from studybot.storage.models import PushLog, PushSchedule

log = logging.getLogger(__name__)
MAX_WAITING = 10_000  # undos kept for a later tick, at most (a tick begins at most its concurrency at once)


class NotBuilt(Exception):
    """The database failed while a begun push's reply was being built: nothing was sent."""

    def __init__(self, down: Exception) -> None:
        super().__init__(str(down))
        self.down = down


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


class Unsent:
    """This process's begun-but-unsent pushes whose undo is still to be written."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._waiting: list[Claim] = []

    async def undo(self, claim: Claim, why: Exception) -> str:
        """The push of `claim` could not be built: undo its start now, or at a later tick. "not sent"."""
        log.warning("push to learner %d not sent (%s); it is due again once the database is back", claim.user_id, why)
        try:
            await self.db.run(lambda session: unbegin(session, claim))
        except DOWN:
            if len(self._waiting) < MAX_WAITING:
                self._waiting.append(claim)
        return "not sent"

    async def stopped(self, claim: Claim) -> str:
        """The bot stopped before the platform took any of the push of `claim`: its start is undone, so the
        next tick (of the bot started next, or of another process) sends it within the grace window."""
        log.info("push to learner %d not sent: the bot is stopping; it is due again", claim.user_id)
        try:
            await self.db.run(lambda session: unbegin(session, claim))
        except DOWN as exc:
            log.warning("push to learner %d not sent, and not due again either (%s)", claim.user_id, exc)
        return "not sent"

    async def retry(self) -> None:
        """Undo what earlier ticks could not (called as a tick begins); what still fails waits for the next."""
        waiting, self._waiting = self._waiting, []
        for at, claim in enumerate(waiting):
            try:
                await self.db.run(partial(unbegin, claim=claim))
            except DOWN:
                self._waiting.extend(waiting[at:])
                return
