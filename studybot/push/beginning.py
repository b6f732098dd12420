"""A queued daily push begins: its day's push_log row is written ("claimed") and its message built, in one
transaction. So a push is never `claimed` without its message: a database that goes away before the message
exists undoes the beginning too, and the push stays queued on its schedule row. That mark is in the database,
so it outlives this process: any process takes the push over after the lease (studybot/push/takeover.py), and
this one puts it back at its next tick that reaches the database (`Unbegun`), to send it sooner."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice
from studybot.push.claims import Claim, finish, release, start
from studybot.push.later import token
from studybot.push.sending import DOWN
from studybot.storage.db import Database

log = logging.getLogger(__name__)
MAX_KEPT = 10_000  # pushes kept to put back at a later tick, at most (a tick begins its concurrency at once)
Begun = tuple[Claim, Notice | None]  # the claim, with where to send it, and its message (None: skipped)


def begin(engine: QuizEngine, session: Session, claim: Claim, now: datetime) -> Begun | None:
    """Begin the push of `claim` and build its message; None when another process took it over, or the
    learner's day already has a push."""
    begun = start(session, claim, now)
    if begun is None:
        return None
    reply = engine.daily_push_in(session, Learner(begun.platform, begun.external_id))
    return begun, reply and replace(reply, put_off=token(begun.local_date, 0))  # "Later (1 h)", "Not today"


def give_up(session: Session, claim: Claim, now: datetime) -> None:
    """The push's message could not be built (not for the database's sake): its day is logged failed, once,
    rather than taken over and failing again every lease."""
    if start(session, claim, now) is not None:
        finish(session, claim, "failed", now)


class Unbegun:
    """Queued pushes of this process whose beginning the database failed: put back (due again) at the start
    of its next tick that reaches the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept: list[Claim] = []

    def keep(self, claim: Claim) -> None:
        if len(self._kept) < MAX_KEPT:  # beyond, they are taken over after the lease all the same
            self._kept.append(claim)

    async def put_back(self) -> None:
        """Put back what earlier ticks could not begin; what still fails waits for the next tick."""
        kept, self._kept = self._kept, []
        for at, claim in enumerate(kept):
            try:
                await self.db.run(partial(release, claim=claim))
            except DOWN:
                self._kept.extend(kept[at:])
                return
        if kept:
            log.info("%d pushes the database kept from beginning are due again", len(kept))
