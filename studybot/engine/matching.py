"""Typed answers judged as a teacher would: the wording around an answer is forgiven, a typo only
where it cannot be another word.

Forgiven without remark ("exact"): case, accents, punctuation and spacing; articles (but not a last
"a": "vitamin A") and leading filler ("it is"); a plural -s/-es; thousands separators (60,000) and magnitude
words (8 billion is 8,000,000,000, so not 8); an
approximator or multiplier around a number ("about 20", "20x"); a unit or counted noun after a number
("14 steps" for 14, and 14 for "14 steps"; never a magnitude such as "billion", nor "not", "is wrong",
"don't know"); spaces between CJK characters; a name with its abbreviation in brackets, and a comparison
before a number when the question asks for a threshold (see answer_forms.py).

Forgiven as a near miss (the exact answer is shown): a typo, counted per word, when the word is long
enough (see `allowed_edits`) and the typed word is not itself a common English word or another answer
the caller names in `others` ("drip" is never "drop", "block" never "black"). Numbers never have typos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

from studybot.engine.answer_forms import readings
from studybot.engine.answer_words import MAX_ANSWER_CHARS, is_cjk, is_number, normalise, tokens
from studybot.engine.vocabulary import is_common_word

__all__ = ["MAX_ANSWER_CHARS", "Match", "allowed_edits", "match_typed", "normalise", "same_word", "tokens"]

UNIT_WORDS_AFTER_NUMBER = 3  # "14 training steps": a number may carry up to this many words of unit
# never a unit: words that say something else; and "k", a multiplier whose value depends on what is counted
# (1,000 or 1,024: a "2K" stack). A magnitude word is part of the number (answer_words.py): "8" is not "8 billion".
_NOT_UNITS = frozenset(
    {"k", "not", "no", "never", "nor", "or", "wrong", "incorrect", "false", "is", "isn", "isnt", "are", "was"}
    | {"don", "dont", "t", "know", "unsure", "sure", "maybe", "perhaps", "guess"}
)


@dataclass(frozen=True)
class Match:
    correct: bool
    exact: bool
    expected: str  # the canonical answer, or the accepted form the answer came closest to


def _numbers(words: Sequence[str]) -> list[float]:
    return [float(w) for w in words if is_number(w)]


def same_word(given: str, target: str) -> bool:
    """Equal, or one is the other's regular plural (-s, -es, -y → -ies)."""
    if given == target:
        return True
    short, long = sorted((given, target), key=len)
    if len(short) < 3 or not short.isascii():
        return False
    return long in (short + "s", short + "es") or (short.endswith("y") and long == short[:-1] + "ies")


def _same_words(given: Sequence[str], target: Sequence[str]) -> bool:
    return len(given) == len(target) and all(map(same_word, given, target))


def _same_but_unit(given: Sequence[str], target: Sequence[str]) -> bool:
    """One side is the other plus a few words of unit after its last number: 14 steps ≈ 14."""
    short, long = sorted((given, target), key=len)
    rest = long[len(short) :]
    return (
        bool(short)
        and is_number(short[-1])
        and _same_words(long[: len(short)], short)
        and len(rest) <= UNIT_WORDS_AFTER_NUMBER
        and not any(is_number(w) or w in _NOT_UNITS for w in rest)
    )


def allowed_edits(target: str) -> int:
    """Typos forgiven in one word: none below 5 letters (where most typos make another word), one up to
    9, two beyond. One CJK character is a whole word (一阶 vs 二阶), so CJK words allow none below 9."""
    if any(is_cjk(char) for char in target):
        return 0 if len(target) < 9 else 1
    if len(target) < 5:
        return 0
    return 1 if len(target) <= 9 else 2


def _typo_distance(given: Sequence[str], target: Sequence[str], others: frozenset[str]) -> int | None:
    """Total edits if every differing word is a forgivable typo of its target word, else None."""
    if len(given) != len(target):  # a space too many or too few ("partitionfunction") is the one typo allowed
        return 1 if "".join(given) == "".join(target) else None
    total = 0
    for said, meant in zip(given, target, strict=True):
        if same_word(said, meant):
            continue
        if is_number(said) or is_number(meant) or is_common_word(said):
            return None
        allowed = allowed_edits(meant)
        distance = OSA.distance(said, meant, score_cutoff=allowed)  # a swap of neighbours is one typo
        if distance > allowed or any(OSA.distance(said, other, score_cutoff=distance) <= distance for other in others):
            return None  # too far, or at least as close to another card's answer
        total += distance
    return total


def match_typed(given: str, accepted: Sequence[str], others: Iterable[str] = (), *, threshold: bool = False) -> Match:
    """Judge `given` against the accepted forms (the first is canonical). `others`: answers of other
    cards that a typo must not be mistaken for. `threshold`: the question asks "more than how many",
    so "over 60,000" is read as 60,000."""

    @cache
    def other_words() -> frozenset[str]:  # read once, and only for a near miss: `others` may be a generator
        own = {w for form in accepted for w in tokens(form)}
        return frozenset(w for other in others for w in tokens(other)) - own

    near_miss: Match | None = None
    for reading in readings(given, threshold):
        match = _match_one(reading, accepted, other_words)
        if match.exact:
            return match
        near_miss = near_miss or (match if match.correct else None)
    return near_miss or Match(False, False, accepted[0])


def _match_one(given: str, accepted: Sequence[str], other_words: Callable[[], frozenset[str]]) -> Match:
    canonical = accepted[0]
    said = tokens(given)
    if not said:
        return Match(False, False, canonical)
    targets = [(form, tokens(form)) for form in accepted]
    for form, target in targets:
        if _same_words(said, target) or _same_but_unit(said, target):
            return Match(True, True, form)
    best: tuple[int, str] | None = None
    for form, target in targets:
        if _numbers(said) != _numbers(target):
            continue  # 1.4 is not a typo of 1.5
        distance = _typo_distance(said, target, other_words())
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, form)
    if best is not None:
        return Match(True, False, best[1])
    return Match(False, False, canonical)
