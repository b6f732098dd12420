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


async def test_easy_typed_as_the_answer_to_an_open_typed_question_answers_it(chat: Chat) -> None:
    """A cloze whose answer is "easy", asked right after a right answer: "easy" answers it, and leaves
    the previous answer's Good alone; the same for "I was right" after a wrong one."""
    await chat.send("/add Water boils at {{c1::100}} degrees Celsius at sea level.")
    await chat.send("/add The opposite of hard is {{c1::easy}}.")
    await chat.send("/add She said: {{c1::I was right}}.")
    await chat.send("/quiz my-cards")
    assert (await chat.send("100")).startswith("✓ Correct.")
    assert (await chat.send("Easy")).startswith("✓ Correct.")
    assert (await chat.send("I was wrong")).startswith("✗ Not quite.")
    await chat.send("/undo")
    assert (await chat.send("I was right")).startswith("✓ Correct.")
    assert (await chat.send("easy")).startswith("Counted as easy.")  # no question open: the command again
    with chat.engine.db.transaction() as session:
        answers = session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [(log.answer, log.rating) for log in answers] == [("100", 3), ("Easy", 3), ("I was right", 4)]
