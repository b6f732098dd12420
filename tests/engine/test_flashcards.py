"""Flashcards keep their state: a revealed back stays revealed, and grading does not repeat it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from studybot.adapters.console import render
from studybot.engine.replies import Feedback, GradeButtons
from studybot.srs import Memory
from studybot.storage import reviews
from studybot.storage.models import Card, User
from tests.conftest import Chat, FakeClock


async def reach_the_flashcard(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(4):
        await chat.send("/skip")
    assert "second law of thermodynamics" in await chat.send("/quiz")


async def test_quiz_after_show_answer_shows_the_grades_again(chat: Chat) -> None:
    await reach_the_flashcard(chat)
    await chat.send("")
    first = chat.last
    assert isinstance(first, GradeButtons)
    reply = await chat.send("/quiz")
    assert chat.last == first  # the same back, the same four intervals, the same nonce
    assert "How well did you recall it?" in reply


async def test_grading_does_not_print_the_explanation_and_source_again(chat: Chat) -> None:
    await reach_the_flashcard(chat)
    back = await chat.send("")
    assert "Source: " in back
    reply = await chat.send("3")
    assert isinstance(chat.last, Feedback)
    graded = reply.split("\n\n")[0]
    assert graded.startswith("Graded Good.")
    assert "Source: " not in graded
    assert "Why: " not in graded


async def reviewed_flashcard_open(chat: Chat, clock: FakeClock) -> GradeButtons:
    """The learner's flashcard, last reviewed 20 days ago and due an hour ago, with its back open."""
    await chat.send("/subscribe physics")
    await chat.send("/settings new 0")
    due = clock.now - timedelta(hours=1)
    review = Memory(state=2, step=None, stability=20.0, difficulty=5.0, due=due, last_review=due - timedelta(days=20))
    with chat.engine.db.transaction() as session:
        card_id = session.scalar(select(Card.id).where(Card.deck_id == "physics", Card.key == "entropy"))
        user_id = session.scalar(select(User.id).where(User.external_id == chat.learner.external_id))
        assert card_id is not None
        assert user_id is not None
        reviews.save_memory(session, user_id, card_id, review)
    assert "second law of thermodynamics" in await chat.send("/quiz")
    await chat.send("")
    assert isinstance(chat.last, GradeButtons)
    return chat.last


async def test_a_grade_soon_after_the_buttons_applies_what_they_show(chat: Chat, clock: FakeClock) -> None:
    buttons = await reviewed_flashcard_open(chat, clock)
    clock.advance(minutes=20)
    await chat.send("3")
    assert isinstance(chat.last, Feedback)
    assert chat.last.interval == buttons.options[2].interval
    assert chat.last.interval > timedelta(days=10)


async def test_buttons_that_no_longer_hold_are_shown_anew_before_a_grade_applies(chat: Chat, clock: FakeClock) -> None:
    buttons = await reviewed_flashcard_open(chat, clock)
    clock.advance(hours=23)  # a long think: a whole day more since the last review, so FSRS says otherwise now
    assert await chat.send("/quiz") == render(buttons)  # reopening shows the question as it was
    reply = await chat.send("3")

    fresh = chat.last
    assert isinstance(fresh, GradeButtons)
    assert fresh.refreshed
    assert reply.startswith("The intervals have changed since you opened this card; here they are as of now.")
    assert fresh.nonce != buttons.nonce
    assert fresh.options != buttons.options
    await chat.send("3")
    assert isinstance(chat.last, Feedback)
    assert chat.last.interval == fresh.options[2].interval  # shown = applied, FSRS's at the grade time
