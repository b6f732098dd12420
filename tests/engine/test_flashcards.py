"""Flashcards keep their state: a revealed back stays revealed, and grading does not repeat it."""

from __future__ import annotations

from studybot.engine.replies import Feedback, GradeButtons
from tests.conftest import Chat


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
