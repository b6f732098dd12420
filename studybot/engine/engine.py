"""QuizEngine: the one entry point adapters call. Each call is one short transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from random import Random

from studybot.engine import account, answering, asking, history, moves, stats
from studybot.engine.replies import (
    DeckList,
    Feedback,
    GradeButtons,
    Learner,
    Notice,
    Prompt,
    SettingsView,
    Stats,
)
from studybot.engine.turn import EngineSettings, Turn
from studybot.srs import Rating, Srs
from studybot.storage import repo
from studybot.storage.db import Database

Clock = Callable[[], datetime]


class QuizEngine:
    """Platform-neutral quiz rules over a database. Time and randomness are injected."""

    def __init__(self, db: Database, *, clock: Clock, rng: Random, settings: EngineSettings | None = None) -> None:
        self.db = db
        self._clock = clock
        self._rng = rng
        self._srs = Srs(rng)
        self.settings = settings or EngineSettings()

    @asynccontextmanager
    async def _turn(self, learner: Learner) -> AsyncIterator[Turn]:
        now = self._clock()
        defaults: dict[str, object] = {
            "display_name": learner.display_name[:128],
            "timezone": self.settings.default_timezone,
            "push_time": self.settings.default_push_time,
            "new_per_day": self.settings.new_per_day,
        }
        async with self.db.transaction() as session:
            user = await repo.get_or_create_user(
                session, learner.platform, learner.external_id, defaults=defaults, now=now
            )
            yield Turn(session, user, learner, now, self._rng, self._srs, self.settings)

    async def start(self, learner: Learner, *, subscribe_all: bool = False) -> Notice:
        """Greet the learner; with `subscribe_all`, a learner without decks gets every deck."""
        async with self._turn(learner) as turn:
            added = 0
            if subscribe_all and not await repo.subscribed_deck_ids(turn.session, turn.user.id):
                added = await account.subscribe_all(turn)
            name = f", {learner.display_name}" if learner.display_name else ""
            extra = f" You are subscribed to {added} decks." if added else ""
            return Notice(
                f"Hello{name}! I quiz you with spaced repetition.{extra} Send /quiz to start, /help for more."
            )

    async def decks(self, learner: Learner) -> DeckList | Notice:
        async with self._turn(learner) as turn:
            return await account.list_decks(turn)

    async def subscribe(self, learner: Learner, deck: str) -> Notice:
        async with self._turn(learner) as turn:
            return await account.subscribe(turn, deck)

    async def unsubscribe(self, learner: Learner, deck: str) -> Notice:
        async with self._turn(learner) as turn:
            return await account.unsubscribe(turn, deck)

    async def next(self, learner: Learner) -> Prompt | Notice:
        async with self._turn(learner) as turn:
            return await asking.next_prompt(turn)

    async def answer(self, learner: Learner, text: str, nonce: str | None = None) -> Feedback | GradeButtons | Notice:
        """A typed answer, a choice key ("2"), or a button press carrying the prompt's nonce."""
        async with self._turn(learner) as turn:
            return await answering.answer(turn, text, nonce)

    async def reveal(self, learner: Learner, nonce: str) -> GradeButtons | Notice:
        async with self._turn(learner) as turn:
            return await answering.reveal(turn, nonce)

    async def grade(self, learner: Learner, nonce: str, rating: Rating) -> Feedback | Notice:
        async with self._turn(learner) as turn:
            return await answering.grade(turn, nonce, rating)

    async def hint(self, learner: Learner) -> Notice:
        async with self._turn(learner) as turn:
            return await moves.hint(turn)

    async def skip(self, learner: Learner) -> Prompt | Notice:
        async with self._turn(learner) as turn:
            return await moves.skip(turn)

    async def override(self, learner: Learner, nonce: str | None) -> Notice:
        """Count the latest wrong answer as right; `nonce` (from a button) must name that answer."""
        async with self._turn(learner) as turn:
            return await history.override(turn, nonce)

    async def undo(self, learner: Learner) -> Notice:
        async with self._turn(learner) as turn:
            return await history.undo(turn)

    async def stats(self, learner: Learner) -> Stats:
        async with self._turn(learner) as turn:
            return await stats.stats(turn)

    async def change_settings(self, learner: Learner, args: str = "") -> SettingsView | Notice:
        async with self._turn(learner) as turn:
            return account.change_setting(turn, args)

    async def pause(self, learner: Learner, paused: bool = True) -> Notice:
        async with self._turn(learner) as turn:
            return account.set_paused(turn, paused)
