"""A learner who says "I was right" or "easy" before answering anything (or after undoing their only answer)
is told there is nothing to change, not "You can only change your latest answer"."""

from __future__ import annotations

from tests.conftest import Chat


async def test_i_was_right_and_easy_with_no_answer_yet(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert await chat.send("I was right") == "Error: There is no answer of yours to change."
    assert await chat.send("/easy") == "Error: There is no answer of yours to change."
    await chat.send("1")
    await chat.send("/undo")
    assert await chat.send("I was right") == "Error: There is no answer of yours to change."  # undone: none left
