"""Numbers and their units, typed to the bundled decks' cards (and a learner's own) in a chat."""

from __future__ import annotations

from pathlib import Path

import pytest

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.answer_units import numbers_alone
from studybot.engine.engine import QuizEngine
from tests.conftest import Chat, FakeClock

DECKS = Path(__file__).resolve().parents[2] / "decks"


@pytest.mark.parametrize(
    ("forms", "question", "alone"),
    [
        (("12 GB",), "How many GB of memory does the RTX 3060 have?", ("12",)),
        (("12 GB", "12 gigabytes"), "How much memory, in gigabytes, does the RTX 3060 have?", ("12",)),
        (("12 GB",), "How much memory does the RTX 3060 have?", ()),
        (("14 training steps",), "After how many steps does it stop?", ()),  # "training" is not named
        (("1 second", "1"), "By default, index.refresh_interval is ____ second.", ()),  # said alone already
    ],
)
def test_the_number_alone_answers_a_question_naming_its_unit(
    forms: tuple[str, ...], question: str, alone: tuple[str, ...]
) -> None:
    assert numbers_alone(forms, question) == alone


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


async def test_the_number_alone_is_right_when_the_question_names_the_unit(bundled: Chat) -> None:
    await ask(bundled, "go-runtime", "reduced the stack")  # "… from 8 KB to ____." (2 KB)
    assert (await bundled.send("2")).startswith("✓ Correct.")
    await bundled.send("/undo")
    assert (await bundled.send("2 KB")).startswith("✓ Correct.")
    await bundled.send("/undo")
    assert (await bundled.send("2 MB")).startswith("✗ Not quite. The answer is: 2 KB")


async def test_the_number_alone_is_accepted_with_its_unit_shown_when_the_question_does_not_name_it(
    chat: Chat,
) -> None:
    await chat.send("/add The RTX 3060 has {{c1::12 GB}} of memory.")
    await chat.send("/quiz my-cards")
    assert (await chat.send("12")).startswith("✓ Accepted. Exact answer: 12 GB")
    await chat.send("/undo")
    assert (await chat.send("12 GB")).startswith("✓ Correct.")


async def test_a_unit_the_card_does_not_give_its_number_is_wrong(bundled: Chat) -> None:
    await ask(bundled, "elasticsearch", "refresh_interval")  # 1 second; "1" alone is one of its forms
    assert (await bundled.send("1 minute")).startswith("✗ Not quite. The answer is: 1 second")
    await bundled.send("/undo")
    assert (await bundled.send("1 secs")).startswith("✓ Correct.")


async def test_a_number_with_a_magnitude_word_is_read_by_value(bundled: Chat) -> None:
    await ask(bundled, "llm-pretraining-data", "more than how many times")  # 60,000, also written 60k and 6万
    assert (await bundled.send("6")).startswith("✗ Not quite. The answer is: 60000")
    await bundled.send("/undo")
    assert (await bundled.send("over 60 thousand")).startswith("✓ Correct.")
