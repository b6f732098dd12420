"""Hints escalate, and the Hard they cost survives /undo and "I was right"."""

from __future__ import annotations

from studybot.decks.schema import McqCard, ShortCard
from studybot.engine import hints
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
    assert reply.startswith("Counted as right. Rated Hard, since you took a hint. Next review in ")
    await chat.send("/undo")  # and the undone override comes back with its hint
    await chat.send("H2O")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Hard"


def test_a_cards_own_hint_comes_first_then_the_generic_ones() -> None:
    card = McqCard(
        id="c",
        type="mcq",
        source="s",
        explanation="e",
        question="Which?",
        choices=("right", "wrong one", "wrong two", "wrong three"),
        answer="right",
        hint="think of the first",
    )
    assert hints.levels(card) == 3  # its own, then two wrong choices out of three
    said = [hints.text(card, "nonce", level) for level in (1, 2, 3)]
    assert said[0] == "think of the first"
    assert [hints.ruled_out(card, "nonce", taken) for taken in (1, 2)] == [[], hints.ruled_out(card, "nonce", 2)[:1]]
    assert len(set(said)) == 3
    assert hints.ruled_out(card, "nonce", 3) == hints.ruled_out(card, "nonce", 99)  # one wrong choice always stays
    assert len(hints.ruled_out(card, "nonce", 99)) == 2


def test_typed_hints_never_show_the_whole_answer() -> None:
    card = ShortCard(id="c", type="short", source="s", explanation="e", question="?", answers=("ab",))
    assert hints.levels(card) == 1
    assert hints.text(card, "n", 1) == "“a_” (2 characters)."
