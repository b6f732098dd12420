"""Checking answers: typed text (see matching.py), choice keys, true/false words and self-grades."""

from __future__ import annotations

import re
from collections.abc import Sequence

from studybot.engine.matching import MAX_ANSWER_CHARS, Match, match_typed, normalise
from studybot.srs import Rating

__all__ = [
    "MAX_ANSWER_CHARS",
    "Match",
    "choice_range",
    "match_typed",
    "normalise",
    "parse_choice",
    "parse_grade",
    "parse_truefalse",
]

_GRADE_WORDS = {
    "1": Rating.AGAIN,
    "again": Rating.AGAIN,
    "2": Rating.HARD,
    "hard": Rating.HARD,
    "3": Rating.GOOD,
    "good": Rating.GOOD,
    "4": Rating.EASY,
    "easy": Rating.EASY,
}
_TRUE_WORDS = {"true", "t", "yes", "y", "correct", "right", "对", "是"}
_FALSE_WORDS = {"false", "f", "no", "n", "wrong", "incorrect", "错", "否"}
_TRUE_MARKS = {"✅", "✔", "✓", "☑", "👍", "⭕"}
_FALSE_MARKS = {"❌", "✖", "✗", "✘", "❎", "👎"}
# what an emoji may carry that does not change its meaning: variation selectors and skin tones
_EMOJI_EXTRAS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")
# "2", "b", "2)", "(b)", "B.", "2:" — an ASCII number or letter in optional brackets, signs kept so
# that "-1" and "+1" are seen as the out-of-range numbers they are, never as choice 1.
_KEY = re.compile(r"\(?\s*([+-]?[0-9]+|[a-z])\s*[).:]?\s*", re.ASCII)


def choice_range(count: int) -> str:
    """How to answer a question of `count` choices: "choose 1–4 (or a–d)"."""
    return f"choose 1–{count} (or a–{chr(ord('a') + count - 1)})"


def parse_choice(given: str, labels: Sequence[str]) -> int | None:
    """Index into `labels` from a key ("2", "b", "2)", "(b)", "B.") or the label's own text; None for
    anything else, including numbers out of range. Only ASCII digits are digits."""
    text = given.strip().casefold()[:MAX_ANSWER_CHARS]
    key = _KEY.fullmatch(text)
    if key is not None and (text.count("(") <= text.count(")")):
        return _key_index(key.group(1), len(labels))
    wanted = normalise(text)
    for i, label in enumerate(labels):
        if wanted and wanted == normalise(label):
            return i
    return None


def _key_index(key: str, count: int) -> int | None:
    if key.isascii() and key.isalpha():
        index = ord(key) - ord("a")
    elif key.isdigit():  # "+1" and "-1" are not
        index = int(key) - 1
    else:
        return None
    return index if 0 <= index < count else None


def parse_truefalse(given: str) -> bool | None:
    """True or false from a word (yes, t, …), a mark (✅ 👍 / ❌ 👎), or the key of "1. True", "2. False"."""
    index = parse_choice(given, ("True", "False"))
    if index is not None:
        return index == 0
    text = normalise(given)
    mark = _EMOJI_EXTRAS.sub("", given.strip())
    if text in _TRUE_WORDS or mark in _TRUE_MARKS:
        return True
    if text in _FALSE_WORDS or mark in _FALSE_MARKS:
        return False
    return None


def parse_grade(given: str) -> Rating | None:
    return _GRADE_WORDS.get(normalise(given))
