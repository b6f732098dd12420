"""Checking answers: normalisation and fuzzy matching of typed text, choice keys, self-grades."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from studybot.srs import Rating

MAX_ANSWER_CHARS = 500
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
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
_TRUE_WORDS = {"true", "t", "yes", "y", "1", "correct", "right", "对", "是"}
_FALSE_WORDS = {"false", "f", "no", "n", "2", "0", "wrong", "incorrect", "错", "否"}


@dataclass(frozen=True)
class Match:
    correct: bool
    exact: bool
    expected: str  # the canonical answer, or the accepted form the answer came closest to


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded away; letters of every script kept."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_ANSWER_CHARS])
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            continue  # combining accent
        kept.append(" " if category.startswith("P") else char)
    return _SPACE.sub(" ", "".join(kept)).strip().casefold()


def _allowed_edits(target: str) -> int:
    """Typos forgiven: none in short words, a few in long ones. One CJK character is a whole word
    (一阶 vs 二阶), so ideographic answers get the tolerance of a word count, not a letter count."""
    if any(unicodedata.east_asian_width(char) in "WF" for char in target):
        return 0 if len(target) <= 8 else 1
    length = len(target)
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2 if length <= 15 else 3


def match_typed(given: str, accepted: Sequence[str]) -> Match:
    """Exact (after normalising) or within a small edit distance; numbers must match exactly."""
    answer = normalise(given)
    canonical = accepted[0]
    if not answer:
        return Match(False, False, canonical)
    best: tuple[int, str] | None = None
    for form in accepted:
        target = normalise(form)
        if answer == target:
            return Match(True, True, form)
        if _DIGITS.findall(answer) != _DIGITS.findall(target):
            continue  # 1.4 is not a typo of 1.5
        allowed = _allowed_edits(target)
        distance = OSA.distance(answer, target, score_cutoff=allowed)  # a swap of neighbours is one typo
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, form)
    if best is not None:
        return Match(True, False, best[1])
    return Match(False, False, canonical)


def parse_choice(given: str, labels: Sequence[str]) -> int | None:
    """Index into `labels` from "2", "b", "B)" or the label's text; None when it is none of them."""
    text = normalise(given)
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(labels):  # ❶ and ² are digits int() refuses
        return int(text) - 1
    if len(text) == 1 and "a" <= text <= "z" and ord(text) - ord("a") < len(labels):
        return ord(text) - ord("a")
    for i, label in enumerate(labels):
        if text and text == normalise(label):
            return i
    return None


def parse_truefalse(given: str) -> bool | None:
    text = normalise(given)
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    return None


def parse_grade(given: str) -> Rating | None:
    return _GRADE_WORDS.get(normalise(given))
