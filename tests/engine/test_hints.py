"""Hints escalate, and the Hard they cost survives /undo and "I was right"."""

from __future__ import annotations

from studybot.engine.replies import Feedback, Notice, Prompt
from tests.conftest import Chat


async def test_each_typed_hint_shows_more_letters_until_none_are_left(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(2):
        await chat.send("/skip")
    assert "SI unit of force" in await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.hint_available
    said = [await chat.send("/hint") for _ in range(4)]
    assert said[:3] == [
        "Hint: “n_____” (6 characters). (a right answer after a hint counts as Hard)",
        "Hint: “ne____” (6 characters). (a right answer after a hint counts as Hard)",
        "Hint: “new___” (6 characters). (a right answer after a hint counts as Hard)",
    ]
    assert said[3] == "Error: No more hints for this card."
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert not chat.last.hint_available


async def test_each_mcq_hint_rules_out_one_more_wrong_choice_and_marks_it(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    ruled_out: list[str] = []
    for count in (1, 2):
        reply = await chat.send("/hint")
        assert isinstance(chat.last, Notice)
        shown = chat.last.next
        assert isinstance(shown, Prompt)
        out = [c.label for c in shown.choices if c.ruled_out]
        assert len(out) == count
        assert "300,000 km/s" not in out
        assert set(ruled_out) < set(out)  # one more each time, never the same one twice
        new = (set(out) - set(ruled_out)).pop()
        assert reply.startswith(f"Hint: it is not “{new}”.")
        assert f"{new} (ruled out)" in reply
        ruled_out = out
    assert await chat.send("/hint") == "Error: No more hints for this card."  # one wrong choice stays


async def test_a_hint_still_counts_after_undo(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    await chat.send("/hint")
    await chat.send("H2O")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Hard"
    await chat.send("/undo")
    await chat.send("H2O")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Hard"


async def test_i_was_right_after_a_hint_is_hard(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    await chat.send("/hint")
    await chat.send("HHO")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Again"
    reply = await chat.send("I was right")
    assert reply.startswith("Counted as right. Rated Hard, since you took a hint. Next review: ")
    await chat.send("/undo")  # and the undone override comes back with its hint
    await chat.send("H2O")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Hard"
