"""A true/false statement as long as a card may hold (2,000 characters, here emoji: 4,000 of Telegram's
UTF-16 units) in a deck with a long title: the challenge question is posted whole, its title shortened to
make room, and its close shows the whole statement again (a statement cut short could say the opposite)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP
from tests.adapters.telegram.owls import import_owls
from tests.adapters.telegram.test_challenges import timer
from tests.conftest import FakeClock
from tests.fakes.telegram_chat import Chatroom, Person

STATEMENT = "🦉" * 1999 + "."
TITLE = "Owls " + "🦉" * 95  # a deck title's 100 characters


async def test_the_longest_statement_under_a_long_title_is_asked_whole(
    person: Callable[..., Person], room: Chatroom, engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    import_owls(engine, clock, tmp_path, statement=STATEMENT, title=TITLE)
    alice = person(1001, "Alice", GROUP)
    await alice.says("/challenge owls 1")
    question = alice.last_message()
    lines = question.text.split("\n")
    assert lines[0].startswith("Challenge by Alice · Owls 🦉")
    assert lines[0].endswith("… · 1 of 1")  # the title gave way
    assert lines[2] == STATEMENT
    assert question.buttons == ["True", "False"]

    clock.advance(seconds=1)
    await alice.presses("True", on=question)
    clock.advance(seconds=20)
    await timer(room).challenges.tick()
    closed = room.as_now(question).text.split("\n")
    assert closed[0].endswith("… · 1 of 1 · closed")
    assert closed[2] == STATEMENT
    assert closed[4:6] == ["✓ True", "Right: Alice 1.0 s (+10)"]
