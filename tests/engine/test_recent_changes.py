"""Undo, "I was right" and "easy" change recent answers only (within the hour /help states), and undoing the
answer to a card retired since does not ask that card again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.replies import Feedback, Notice, Prompt
from studybot.storage.models import Card
from tests.conftest import DATA, Chat, FakeClock
from tests.engine.test_easy import answer_right

TOO_OLD = (
    "Error: Your last answer was more than an hour ago: undo, “I was right” and “easy” change recent answers only."
)


async def answer_water_wrong(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")  # What is the chemical formula of water?
    await chat.send("HO2")
    assert isinstance(chat.last, Feedback)
    assert chat.last.can_override


async def test_i_was_right_within_the_hour_and_not_after(chat: Chat, clock: FakeClock) -> None:
    ben = Chat(chat.engine, "ben")
    await answer_water_wrong(chat)
    await answer_water_wrong(ben)
    clock.advance(minutes=59)
    assert (await chat.send("I was right")).startswith("Counted as right.")
    clock.advance(minutes=2)  # ben's answer is 61 minutes old
    assert await ben.send("I was right") == TOO_OLD


async def test_easy_and_undo_within_the_hour_and_not_after(chat: Chat, clock: FakeClock) -> None:
    await answer_right(chat)
    clock.advance(hours=1, seconds=1)
    assert await chat.send("easy") == TOO_OLD
    assert await chat.send("/undo") == TOO_OLD
    clock.advance(minutes=1)
    await chat.send("/quiz")
    await chat.send("1")
    assert (await chat.send("/undo")).startswith("Undone: your answer to")


async def test_undoing_the_answer_to_a_card_retired_since_does_not_ask_it_again(chat: Chat) -> None:
    await answer_right(chat)
    with chat.engine.db.transaction() as session:
        session.execute(update(Card).where(Card.deck_id == "physics", Card.position == 0).values(retired=True))

    reply = await chat.send("/undo")

    assert reply.startswith("Undone: your answer to “Roughly how fast does light travel in vacuum?”, a card since")
    assert isinstance(chat.last, Notice)
    assert chat.last.next is None
    assert "light travel" not in await chat.send("/quiz")


CHANGED_CHOICES = {
    "a choice removed": '["30,000 km/s", "3,000 km/s", "300,000 km/s"]',
    "the choices reordered": '["300 km/s", "3,000 km/s", "30,000 km/s", "300,000 km/s"]',
}


@pytest.mark.parametrize("change", list(CHANGED_CHOICES))
async def test_a_question_whose_card_an_import_changed_is_asked_again_not_graded_as_it_was(
    chat: Chat, clock: FakeClock, tmp_path: Path, change: str
) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    asked = chat.asked
    assert isinstance(asked, Prompt)
    right = next(c.key for c in asked.choices if c.label == "300,000 km/s")
    choices = '["300,000 km/s", "30,000 km/s", "3,000 km/s", "300 km/s"]'
    changed = CHANGED_CHOICES[change]
    edited = tmp_path / "physics.yaml"
    edited.write_text((DATA / "physics.yaml").read_text().replace(choices, changed))
    loaded = load_decks([edited])
    assert loaded.ok, loaded.errors
    with chat.engine.db.transaction() as session:  # the operator updates the deck while the question is open
        import_decks(session, loaded.decks, now=clock.now, take_over=True)

    reply = await chat.send(right)

    assert reply.startswith("That question expired. Here is a fresh one.")
    again = chat.asked
    assert isinstance(again, Prompt)
    assert "300,000 km/s" in [c.label for c in again.choices]
