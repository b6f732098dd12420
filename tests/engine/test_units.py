"""Numbers and their units, typed to the bundled decks' cards (and a learner's own) in a chat."""

from __future__ import annotations

from pathlib import Path

import pytest

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from tests.conftest import Chat, FakeClock

DECKS = Path(__file__).resolve().parents[2] / "decks"


@pytest.fixture
def bundled(engine: QuizEngine, clock: FakeClock) -> Chat:
    with engine.db.transaction() as session:
        import_decks(session, load_decks([DECKS]).decks, now=clock.now)
    return Chat(engine)


async def ask(chat: Chat, deck: str, wording: str) -> None:
    """Subscribe to `deck` and skip its cards until the one whose question holds `wording` is asked."""
    await chat.send(f"/subscribe {deck}")
    await chat.send(f"/quiz {deck}")
    for _ in range(60):
        if chat.asked is not None and wording in chat.asked.text:
            return
        await chat.send("/skip")
    raise AssertionError(f"{deck} never asked {wording!r}")


async def test_a_number_with_a_magnitude_word_is_read_by_value(bundled: Chat) -> None:
    await ask(bundled, "llm-pretraining-data", "more than how many times")  # 60,000, also written 60k and 6万
    assert (await bundled.send("6")).startswith("✗ Not quite. The answer is: 60000")
    await bundled.send("/undo")
    assert (await bundled.send("over 60 thousand")).startswith("✓ Correct.")
