"""A click the engine could not take (its database busy) leaves its buttons live, for another try."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from random import Random

import pytest

from studybot.engine.engine import BUSY, QuizEngine
from studybot.storage.db import Database
from tests.adapters.discord.conftest import RunningBot, bot_settings
from tests.conftest import FakeClock, load_test_decks
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process


@pytest.fixture
async def quick_to_give_up(tmp_path: Path) -> AsyncIterator[QuizEngine]:
    """An engine on SQLite that says "busy" after 0.3 s of waiting for another process's write lock."""
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", busy_timeout=0.3)
    await db.upgrade()
    clock = FakeClock()
    load_test_decks(db, clock.now)
    yield QuizEngine(db, clock=clock, rng=Random(7))
    await db.close()


async def test_i_was_right_pressed_while_the_database_is_busy_can_be_pressed_again(
    quick_to_give_up: QuizEngine, fake: FakeDiscord, tmp_path: Path
) -> None:
    bot = RunningBot(quick_to_give_up, fake, bot_settings(fake))
    await bot.start()
    try:
        ana = Person(fake, "ana")
        await ana.slash("subscribe", deck="physics")
        card = await ana.slash("quiz")
        for _ in range(2):
            card = await ana.slash("skip")  # the typed card: "What is the SI unit of force?"
        wrong = await ana.type_answer(card, "joule")
        assert "✗ Not quite." in wrong.text

        with write_lock_held_by_another_process(tmp_path / "bot.db"):
            busy = await ana.click(wrong, "I was right")
        assert BUSY.text in busy.text
        assert not wrong.button("I was right").disabled  # nothing was taken: the button still works

        overridden = await ana.click(wrong, "I was right")
        assert "right" in overridden.text.lower()
        assert wrong.button("I was right").disabled
    finally:
        await bot.close()
