"""Undo, "I was right" and "easy" change recent answers only (within the hour /help states), and undoing the
answer to a card retired since does not ask that card again."""

from __future__ import annotations

from sqlalchemy import update

from studybot.engine.replies import Feedback, Notice
from studybot.storage.models import Card
from tests.conftest import Chat, FakeClock
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
