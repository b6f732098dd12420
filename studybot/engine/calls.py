"""The engine's calls: each runs on a fresh Turn in one short transaction, in a storage worker thread.

Whatever a learner sends, a call returns a reply: text is cleaned (engine/inputs.py), and a database
that is busy or unreachable becomes a Notice saying so. Calls that only read (stats, showing
settings, admin figures) take no write lock, so they are answered even while an import holds SQLite's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from random import Random
from typing import TypeVar, cast

from sqlalchemy.orm import Session

from studybot.engine import catalog, linking
from studybot.engine.fits import Fitter
from studybot.engine.inputs import clean_learner
from studybot.engine.replies import Feedback, GradeButtons, Learner, Level, Notice, Prompt
from studybot.engine.turn import EngineSettings, Turn
from studybot.push.reschedule import reschedule
from studybot.srs import Srs
from studybot.storage import repo
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageBusy, StorageFull, StorageUnavailable
from studybot.storage.repo import Profile
from studybot.timeplan import next_push

Clock = Callable[[], datetime]
T = TypeVar("T")
BUSY = Notice("I'm busy saving other work. Please try again in a moment.", Level.ERROR)
FULL = Notice(
    "My disk is full, so this was not saved (everything saved before is safe). Please try again later.", Level.ERROR
)
UNAVAILABLE = Notice("I can't reach my database right now. Please try again in a minute.", Level.ERROR)
BAD_ACCOUNT = Notice("I can't keep progress for this account: its id is too long or not text.", Level.ERROR)


def _closing(action: Callable[[Turn], T], turn: Turn) -> T:
    """`action`'s reply, naming the chat messages of the questions it ended (`Feedback.closes`)."""
    reply = action(turn)
    if turn.closed and isinstance(reply, Feedback | GradeButtons | Notice | Prompt):
        return cast(T, replace(reply, closes=tuple(turn.closed)))
    return reply


class EngineCalls:
    """A database, the clock, randomness and settings, and the one way a call runs on them."""

    def __init__(self, db: Database, *, clock: Clock, rng: Random, settings: EngineSettings | None = None) -> None:
        self.db = db
        self._clock = clock
        self._rng = rng
        self._srs = Srs(rng)
        self.settings = settings or EngineSettings()
        self.fits = Fitter(db, clock) if self.settings.optimize else None
        self._receiving: set[tuple[str, str]] = set()  # accounts with an upload on its way in (account_calls)

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def rng(self) -> Random:
        return self._rng

    def turn(self, session: Session, learner: Learner) -> Turn:
        """A learner's turn inside a transaction another part of the engine runs (group play)."""
        return self._turn(session, learner)

    async def _call(
        self, learner: Learner, action: Callable[[Turn], T], *, read_only: bool = False, asking: bool = False
    ) -> T | Notice:
        """Run `action` on a fresh Turn in one transaction, in a storage worker thread.

        `read_only` actions run without the write lock; a learner seen for the first time still needs
        a write (their row), so for them the action runs again as a write. `asking`: the action starts by
        reading the open question, which is then read with the learner (catalog.find_learner_asking)."""
        cleaned = clean_learner(learner)
        if cleaned is None:
            return BAD_ACCOUNT
        try:
            if read_only:
                found = await self.db.run(lambda session: self._read(session, cleaned, action), read_only=True)
                if found is not None:
                    return found
            return await self.db.run(lambda session: _closing(action, self._turn(session, cleaned, asking=asking)))
        except StorageBusy:
            return BUSY
        except StorageFull:
            return FULL
        except StorageUnavailable:
            return UNAVAILABLE

    async def _answering(self, learner: Learner, action: Callable[[Turn], T]) -> T | Notice:
        """`_call` for answers: one that counts as a review tells the fitter, after it is stored."""
        reviewed: list[int] = []

        def run(turn: Turn) -> T:
            reply = action(turn)
            if isinstance(reply, Feedback) and not reply.cram:
                reviewed.append(turn.user.id)
            return reply

        reply = await self._call(learner, run, asking=True)
        if reviewed and self.fits is not None:
            self.fits.saw_answer(reviewed[-1])
        return reply

    def _read(self, session: Session, learner: Learner, action: Callable[[Turn], T]) -> T | None:
        found = repo.find_learner(session, learner.platform, learner.external_id)
        if found is None or found[0].blocked:  # a first contact, or one that unblocks them: both write
            return None
        user, model = found
        return action(self._make_turn(session, user, learner, self._clock()).knowing(model))

    def _turn(self, session: Session, learner: Learner, *, from_learner: bool = True, asking: bool = False) -> Turn:
        """`from_learner=False` for turns the learner did not start (a push): they do not unblock.
        `asking`: as `_call`'s."""
        now = self._clock()
        find = catalog.find_learner_asking if asking else repo.find_learner
        found = find(session, learner.platform, learner.external_id)
        if found is not None:
            user, model = found
            turn = self._make_turn(session, user, learner, now).knowing(model)
        else:
            user = repo.get_or_create_user(
                session,
                learner.platform,
                learner.external_id,
                defaults=self._defaults(learner),
                now=now,
                next_push_at=next_push(now, self.settings.default_push_time, self.settings.default_timezone),
            )
            turn = self._make_turn(session, user, learner, now)
        if not from_learner:
            return turn
        linking.follow(turn)  # a linked learner's pushes go to the platform they used last
        if turn.user.blocked:  # they are talking to us again, so the platform delivers to them again
            turn.user = repo.update_profile(session, turn.user, blocked=False)
            reschedule(session, turn.user, now)
        return turn

    def _defaults(self, learner: Learner) -> dict[str, object]:
        """A new learner's row."""
        return {
            "display_name": learner.display_name,
            "timezone": self.settings.default_timezone,
            "push_time": self.settings.default_push_time,
            "new_per_day": self.settings.new_per_day,
        }

    def _make_turn(self, session: Session, user: Profile, learner: Learner, now: datetime) -> Turn:
        return Turn(session, user, learner, now, self._rng, self._srs, self.settings)

    async def close(self) -> None:
        """Let a fit under way finish (it is short) and stop the fitting workers."""
        if self.fits is not None:
            await self.fits.close()

    def is_admin(self, learner: Learner) -> bool:
        return f"{learner.platform}:{learner.external_id}" in self.settings.admins
