"""Hints that escalate: each one reveals more than the last, and a presentation's hints are fixed.

Level 1 is the card's own hint when it has one; then, for multiple choice, one more wrong choice is
ruled out per hint (never the same twice, and always one wrong choice left), and for typed answers
more of the answer's first letters show ("H__", then "H2_").
"""

from __future__ import annotations

from random import Random

from studybot.decks.schema import AnyCard, ClozeCard, McqCard, ShortCard
from studybot.engine.cards import accepted_answers

MASK = "_"


def levels(model: AnyCard) -> int:
    """How many hints the card has in all."""
    own = int(model.hint is not None)
    if isinstance(model, McqCard):
        return own + max(len(model.choices) - 2, 0)
    if isinstance(model, ShortCard | ClozeCard):
        return own + len(_reveal_counts(accepted_answers(model)[0]))
    return own


def ruled_out(model: McqCard, nonce: str, hints: int) -> list[str]:
    """The wrong choices the first `hints` hints removed, oldest first: the same for one nonce."""
    wrong = [choice for choice in model.choices if choice != model.answer]
    Random(nonce).shuffle(wrong)  # noqa: S311 - which wrong choice goes first, not a secret
    removed = hints - int(model.hint is not None)
    return wrong[: max(0, min(removed, len(wrong) - 1))]


def text(model: AnyCard, nonce: str, level: int) -> str:
    """What hint number `level` (from 1, at most `levels(model)`) says."""
    if model.hint is not None:
        if level == 1:
            return model.hint
        level -= 1
    if isinstance(model, McqCard):
        latest = ruled_out(model, nonce, level + int(model.hint is not None))[-1]
        return f"it is not “{latest}”."
    assert isinstance(model, ShortCard | ClozeCard), "levels() gives other cards no generic hint"
    answer = accepted_answers(model)[0]
    shown = _reveal_counts(answer)[level - 1]
    return f"“{_masked(answer, shown)}” ({sum(not c.isspace() for c in answer)} characters)."


def _reveal_counts(answer: str) -> list[int]:
    """Letters shown by each typed hint: the first, then a third, then half; one always stays hidden."""
    letters = sum(not c.isspace() for c in answer)
    wanted = (1, max(2, letters // 3), max(3, letters // 2))
    return sorted({max(0, min(count, letters - 1)) for count in wanted})


def _masked(answer: str, shown: int) -> str:
    out, seen = [], 0
    for char in answer:
        if char.isspace():
            out.append(char)
            continue
        out.append(char if seen < shown else MASK)
        seen += 1
    return "".join(out)
