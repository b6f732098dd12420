"""The database failing between what the bot sent and what it notes about it (SQLite locked by another
process past the busy timeout): the learner is told, and nothing they do afterwards counts for nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from studybot.engine.engine import BUSY
from studybot.storage.db import Database
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A SQLite file whose writers give up after 0.2 s (10 s in production) when another process holds it."""
    database = Database(f"sqlite:///{tmp_path / 'bot.db'}", busy_timeout=0.2)
    await database.upgrade()
    yield database
    await database.close()


async def test_a_quiz_poll_that_could_not_be_noted_is_taken_back_and_the_learner_told_why(
    alice: Person, fake: FakeTelegram, tmp_path: Path
) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    release = fake.hold("sendPoll")
    asking = asyncio.create_task(alice.says("/quiz"))
    await fake.held.wait()
    with write_lock_held_by_another_process(tmp_path / "bot.db"):  # a long import begins as the poll goes out
        release.set()
        await asking

    shown = alice.room.messages_in(alice.chat_id)
    assert [m for m in shown if m.poll] == []  # a vote on it would have counted for nothing
    assert BUSY.text in shown[-1].text
    await alice.says("/quiz")
    await alice.votes("300,000 km/s")
    assert alice.room.messages_in(alice.chat_id)[-2].text.startswith("✓ Correct.")
