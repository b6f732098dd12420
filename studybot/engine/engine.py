"""QuizEngine: the one entry point adapters call. Each call is one short transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from random import Random
from typing import TypeVar

from sqlalchemy.orm import Session

from studybot.engine import account, admin, answering, asking, history, moves, presentations, stats
from studybot.engine.replies import (
    AdminStats,
    DeckList,
    Feedback,
    GradeButtons,
    Learner,
    Notice,
    Prompt,
    QuizPoll,
    SettingsView,
    Stats,
)
from studybot.engine.turn import EngineSettings, Turn
from studybot.srs import Rating, Srs
from studybot.storage import repo
from studybot.storage.db import Database

Clock = Callable[[], datetime]
T = TypeVar("T")


class QuizEngine:
    """Platform-neutral quiz rules over a database. Time and randomness are injected."""

    def __init__(self, db: Database, *, clock: Clock, rng: Random, settings: EngineSettings | None = None) -> None:
        self.db = db
        self._clock = clock
        self._rng = rng
        self._srs = Srs(rng)
        self.settings = settings or EngineSettings()

    async def _call(self, learner: Learner, action: Callable[[Turn], T]) -> T:
        """Run `action` on a fresh Turn in one transaction, in a storage worker thread."""
        return await self.db.run(lambda session: action(self._turn(session, learner)))

    def _turn(self, session: Session, learner: Learner) -> Turn:
        now = self._clock()
        defaults: dict[str, object] = {
            "display_name": learner.display_name[:128],
            "timezone": self.settings.default_timezone,
            "push_time": self.settings.default_push_time,
            "new_per_day": self.settings.new_per_day,
        }
        user = repo.get_or_create_user(session, learner.platform, learner.external_id, defaults=defaults, now=now)
        if user.blocked:  # they are talking to us again, so the platform delivers to them again
            user = repo.update_profile(session, user, blocked=False)
        return Turn(session, user, learner, now, self._rng, self._srs, self.settings)

    async def start(self, learner: Learner, *, subscribe_all: bool = False) -> Notice:
        """Greet the learner; with `subscribe_all`, a learner without decks gets every deck."""
        return await self._call(learner, lambda turn: account.greet(turn, subscribe_all=subscribe_all))

    async def decks(self, learner: Learner) -> DeckList | Notice:
        return await self._call(learner, account.list_decks)

    async def subscribe(self, learner: Learner, deck: str) -> Notice:
        return await self._call(learner, lambda turn: account.subscribe(turn, deck))

    async def unsubscribe(self, learner: Learner, deck: str) -> Notice:
        return await self._call(learner, lambda turn: account.unsubscribe(turn, deck))

    async def next(self, learner: Learner) -> Prompt | Notice:
        return await self._call(learner, asking.next_prompt)

    async def answer(self, learner: Learner, text: str, nonce: str | None = None) -> Feedback | GradeButtons | Notice:
        """A typed answer, a choice key ("2"), or a button press carrying the prompt's nonce."""
        return await self._call(learner, lambda turn: answering.answer(turn, text, nonce))

    async def reveal(self, learner: Learner, nonce: str) -> GradeButtons | Notice:
        return await self._call(learner, lambda turn: answering.reveal(turn, nonce))

    async def grade(self, learner: Learner, nonce: str, rating: Rating) -> Feedback | Notice:
        return await self._call(learner, lambda turn: answering.grade(turn, nonce, rating))

    async def hint(self, learner: Learner) -> Notice:
        return await self._call(learner, moves.hint)

    async def skip(self, learner: Learner) -> Prompt | Notice:
        return await self._call(learner, moves.skip)

    async def override(self, learner: Learner, nonce: str | None) -> Notice:
        """Count the latest wrong answer as right; `nonce` (from a button) must name that answer."""
        return await self._call(learner, lambda turn: history.override(turn, nonce))

    async def undo(self, learner: Learner) -> Notice:
        return await self._call(learner, history.undo)

    async def stats(self, learner: Learner) -> Stats:
        return await self._call(learner, stats.stats)

    async def change_settings(self, learner: Learner, args: str = "") -> SettingsView | Notice:
        return await self._call(learner, lambda turn: account.change_setting(turn, args))

    async def pause(self, learner: Learner, paused: bool = True) -> Notice:
        return await self._call(learner, lambda turn: account.set_paused(turn, paused))

    async def remember_messages(self, learner: Learner, nonce: str, refs: list[str]) -> None:
        """Chat messages `refs` (opaque to the engine) show the open question `nonce`; see `answer_reply`."""
        await self._call(learner, lambda turn: presentations.remember_messages(turn, nonce, refs))

    async def answer_reply(self, learner: Learner, ref: str, text: str) -> Feedback | GradeButtons | Notice:
        """A typed answer sent as a reply to chat message `ref`: it counts only for the question `ref` shows."""
        return await self._call(learner, lambda turn: presentations.answer_reply(turn, ref, text))

    async def remember_poll(self, learner: Learner, poll_id: str, poll: QuizPoll) -> None:
        await self._call(learner, lambda turn: presentations.remember_poll(turn, poll_id, poll))

    async def answer_poll(self, learner: Learner, poll_id: str, option: int) -> Feedback | GradeButtons | Notice | None:
        """The learner chose `option` (0-based) in poll `poll_id`; None when it is not their poll."""
        return await self._call(learner, lambda turn: presentations.answer_poll(turn, poll_id, option))

    async def set_blocked(self, learner: Learner) -> None:
        """The platform refuses to deliver to the learner (they blocked the bot): pushes skip them
        until their next message, which unblocks them."""
        await self.db.run(lambda session: repo.mark_blocked(session, learner.platform, learner.external_id))

    def is_admin(self, learner: Learner) -> bool:
        return f"{learner.platform}:{learner.external_id}" in self.settings.admins

    async def admin_stats(self) -> AdminStats:
        """Operator figures; callers check `is_admin` first (`commands.dispatch` does)."""
        return await self.db.run(lambda session: admin.admin_stats(session, self._clock()))
