"""A group's question of the day comes from a deck that the operator later empties of the cards a group
can play (`studybot import-deck --prune` with only typed-answer cards left): the group is told once why no
question came and how to pick another deck, and the log says it once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from studybot.adapters.telegram.limits import GroupBudget
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP, running
from tests.adapters.telegram.test_challenges import timer
from tests.adapters.telegram.test_group_budget import refused
from tests.adapters.telegram.test_group_play_budget import Seconds
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

ONLY_TYPED = """deck: physics
title: Physics basics
sources:
  - id: notes
    title: Test notes
    ref: "Test notes written for these tests."
cards:
  - id: newton-unit
    type: short
    question: What is the SI unit of force?
    answers: [newton]
    explanation: One newton accelerates one kilogram at one metre per second squared.
    source: notes
"""


def prune_physics(engine: QuizEngine, clock: FakeClock, folder: Path) -> None:
    """`studybot import-deck --prune` of physics.yaml with only its typed-answer card left."""
    (folder / "physics.yaml").write_text(ONLY_TYPED)
    loaded = load_decks([folder / "physics.yaml"])
    assert loaded.ok, loaded.errors
    with engine.db.transaction() as session:
        import_decks(session, loaded.decks, now=clock.now, prune=True)


async def test_a_question_of_the_day_whose_deck_was_pruned_says_so_once(
    person: Callable[..., Person],
    fake: FakeTelegram,
    room: Chatroom,
    engine: QuizEngine,
    clock: FakeClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alice = person(1001, "Alice", GROUP)
    fake.admins[GROUP] = {1001}
    await alice.says("/daily 08:30 Europe/Berlin physics")
    prune_physics(engine, clock, tmp_path)

    clock.advance(days=1)
    with caplog.at_level(logging.INFO):
        await timer(room).challenges.tick()
    told = alice.last_message()
    assert told.text == (
        "No question of the day today. Physics basics has no multiple-choice or true/false cards to play with. "
        "The question of the day is off; /daily 08:30 Europe/Berlin DECK sets it again with another deck."
    )
    lines = [r.getMessage() for r in caplog.records if "question of the day" in r.getMessage()]
    assert lines == [f"telegram chat {GROUP}: question of the day off: physics has no cards to play with"]

    clock.advance(days=1)
    await timer(room).challenges.tick()
    assert alice.last_message().id == told.id  # told once
    await alice.says("/daily")
    assert alice.bot_said().startswith("No question of the day here.")


async def test_the_word_that_the_question_of_the_day_is_off_gets_through_a_busy_minute(
    engine: QuizEngine, fake: FakeTelegram, clock: FakeClock, tmp_path: Path
) -> None:
    """The group has posted its 19 messages of the minute when the slot comes: the word takes the one kept
    back for notices, since the question of the day turns off with it (there is no later to say it)."""
    seconds = Seconds()
    fake.flood.clock = seconds
    async with running(engine, fake, build={"budget": GroupBudget(clock=seconds)}) as room:
        alice, bob = Person(room, 1001, "Alice", GROUP), Person(room, 1002, "Bob", GROUP)
        fake.admins[GROUP] = {1001}
        await alice.says("/daily 08:30 physics")
        seconds.now += 61
        await alice.says("/subscribe physics")
        for _ in range(17):
            await alice.says("/quiz")
        await bob.says("/subscribe physics")  # the minute's 19th message
        prune_physics(engine, clock, tmp_path)

        clock.advance(hours=1)  # 09:00: the question of the day (08:30) is due
        await timer(room).challenges.tick()
        assert alice.last_message().text.startswith("No question of the day today. Physics basics has no")
        assert refused(fake) == []
