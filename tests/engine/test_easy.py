""" "Easy" for objective cards: a right answer can be rated Easy instead of Good, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from studybot.engine.replies import Feedback, GradeButtons, Notice, Prompt
from studybot.storage.models import ReviewLog
from tests.conftest import Chat


async def answer_right(chat: Chat) -> Feedback:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    await chat.send(next(c.key for c in chat.last.choices if c.label == "300,000 km/s"))
    assert isinstance(chat.last, Feedback)
    return chat.last


async def test_a_right_answer_said_easy_comes_back_in_days_not_minutes(chat: Chat) -> None:
    feedback = await answer_right(chat)
    assert feedback.can_mark_easy
    assert feedback.interval == timedelta(minutes=10)
    reply = await chat.send("easy")
    assert reply.startswith("Counted as easy. Next review in ")
    assert reply.endswith("d.")  # days, not minutes
    with chat.engine.db.transaction() as session:
        log = session.scalars(select(ReviewLog)).one()
        assert log.rating == 4
    assert await chat.send("easy") == "Error: That answer was already counted as easy."


async def test_the_easy_button_carries_the_nonce_of_its_answer(chat: Chat) -> None:
    feedback = await answer_right(chat)
    stale = await chat.engine.easy(chat.learner, "AAAAAAAAAA")
    assert isinstance(stale, Notice)
    assert stale.text == "You can only change your latest answer."
    done = await chat.engine.easy(chat.learner, feedback.nonce)
    assert isinstance(done, Notice)
    assert done.text.startswith("Counted as easy.")


async def test_no_easy_after_a_wrong_answer_or_a_hint(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    await chat.send(next(c.key for c in chat.last.choices if c.label == "300 km/s"))
    assert isinstance(chat.last, Feedback)
    assert not chat.last.can_mark_easy
    assert await chat.send("easy") == "Error: Only a right answer can be counted as easy."
    await chat.send("/undo")
    await chat.send("/hint")
    assert isinstance(chat.last, Notice)
    assert chat.last.next is not None
    await chat.send(next(c.key for c in chat.last.next.choices if c.label == "300,000 km/s"))
    assert isinstance(chat.last, Feedback)
    assert not chat.last.can_mark_easy
    assert await chat.send("easy") == "Error: A right answer after a hint counts as Hard, not Easy."


async def test_easy_on_an_open_flashcard_back_is_its_grade(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(4):
        await chat.send("/skip")
    await chat.send("/quiz")
    await chat.send("")
    assert isinstance(chat.last, GradeButtons)
    await chat.send("easy")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Easy"
