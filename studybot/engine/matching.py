"""Typed answers judged as a teacher would: the wording around an answer is forgiven, a typo only
where it cannot be another word.

Forgiven without remark ("exact"): case, accents, punctuation and spacing; articles (but not a last
"a": "vitamin A") and leading filler ("it is"); a plural -s/-es; thousands separators (60,000) and magnitude
words (8 billion); an approximator or multiplier around a number ("about 20", "20x"); a unit or counted noun
added after a number ("14 steps" for 14; not "is wrong", "don't know", and not a unit other than the one the
card gives that number: "1 minute" is not "1 second"); spaces between CJK characters; a name with its
abbreviation in brackets, and a comparison before a number when the question asks for a threshold (see
answer_forms.py). A number without the unit its answer has is a near miss ("12" for "12 GB" shows "12 GB"),
unless the question names that unit (see answer_units.py).

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
from studybot.engine.answer_units import Split, shares_a_word, split_unit
from studybot.engine.answer_words import MAX_ANSWER_CHARS, is_cjk, is_number, normalise, same_word, tokens
from studybot.engine.vocabulary import is_common_word

__all__ = ["MAX_ANSWER_CHARS", "Match", "allowed_edits", "match_typed", "normalise", "same_word", "tokens"]


@dataclass(frozen=True)
class Match:
    correct: bool
    exact: bool
    expected: str  # the canonical answer, or the accepted form the answer came closest to


def _numbers(words: Sequence[str]) -> list[float]:
    return [float(w) for w in words if is_number(w)]


def _same_words(given: Sequence[str], target: Sequence[str]) -> bool:
    return len(given) == len(target) and all(map(same_word, given, target))


def _more_unit(said: Split, target: Split) -> bool:
    """`said` is `target` with more words of unit after its number: "14 steps" for 14, "12 GB of memory" for
    "12 GB"."""
    (head, unit), (their_head, their_unit) = said, target
    more = len(unit) > len(their_unit)
    return more and _same_words(head, their_head) and _same_words(unit[: len(their_unit)], their_unit)


def _another_unit(said: Split, targets: Iterable[Split]) -> bool:
    """`said` gives its number a unit while the accepted forms give that number others, none of them like it:
    "1 minute" where "1 second" (and 1) is accepted."""
    head, unit = said
    theirs = [their_unit for their_head, their_unit in targets if their_unit and _same_words(their_head, head)]
    return bool(unit and theirs) and not any(shares_a_word(unit, their_unit) for their_unit in theirs)


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
        if _same_words(said, target):
            return Match(True, True, form)
    by_unit = _by_unit(said, targets)
    if by_unit is not None:
        return by_unit
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


def _by_unit(said: Sequence[str], targets: Sequence[tuple[str, Sequence[str]]]) -> Match | None:
    """Right when `said` adds a unit to a form's number (unless the card gives that number another unit); a
    near miss when it leaves a form's unit out ("12" for "12 GB"); else None."""
    mine = split_unit(said)
    if mine is None:
        return None
    theirs = [(form, split) for form, target in targets if (split := split_unit(target)) is not None]
    if not _another_unit(mine, (split for _form, split in theirs)):
        for form, split in theirs:
            if _more_unit(mine, split):
                return Match(True, True, form)
    for form, split in theirs:
        if _more_unit(split, mine):
            return Match(True, False, form)
    return None
