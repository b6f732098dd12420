"""A number's unit in a typed answer: the few words after its last number ("14 steps", "9.8 m/s²", "2 KB",
"20 tokens per parameter"), which matching.py forgives when a learner adds them and notes when one is left out.

- A magnitude is no unit but part of the number ("8 billion" is 8000000000: answer_words.py), so "8" is
  simply another number. "k" is kept apart: kilo is 1,000 or 1,024 by what is counted ("2K" of stack), so it
  is neither a value nor a unit to leave out.
- Words that take an answer back are no unit: a negation, a doubt or a verdict on the answer ("14 not",
  "5 is wrong", "14 don't know", "3 maybe"): closed classes of words, listed as a typed answer's words
  come out ("don't" is "don", "t").
- A card's question or cloze text may name the unit already ("Go 1.4 reduced the stack from 8 KB to ____",
  "How many GB …"): then the number alone answers it fully, and `numbers_alone` gives those forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from studybot.engine.answer_words import is_number, same_word, tokens

MAX_UNIT_WORDS = 3  # "14 training steps", "20 tokens per parameter"
_NEGATIONS = frozenset(
    {"not", "no", "never", "nor", "none", "t", "isn", "isnt", "aren", "arent", "wasn", "don", "dont"}
)
_DOUBTS = frozenset({"maybe", "perhaps", "probably", "possibly", "guess", "unsure", "sure", "know", "think", "or"})
_VERDICTS = frozenset({"wrong", "incorrect", "false", "right", "correct", "true", "is", "are", "was", "were"})
_NOT_A_UNIT = _NEGATIONS | _DOUBTS | _VERDICTS | {"k"}
Split = tuple[Sequence[str], Sequence[str]]  # the words up to an answer's last number, and its unit after it


def split_unit(words: Sequence[str]) -> Split | None:
    """(the words up to the last number, the unit after it, maybe none); None when the answer has no number
    or what follows its last number is no unit."""
    last = next((i for i in range(len(words) - 1, -1, -1) if is_number(words[i])), None)
    if last is None:
        return None
    unit = words[last + 1 :]
    if len(unit) > MAX_UNIT_WORDS or any(word in _NOT_A_UNIT for word in unit):
        return None
    return words[: last + 1], unit


def shares_a_word(unit: Sequence[str], other: Sequence[str]) -> bool:
    """ "training steps" and "steps", "sec" and "secs"; not "minute" and "second"."""
    return any(same_word(word, theirs) for word in unit for theirs in other)


@lru_cache(maxsize=4096)  # asked at every answer; the same cards come back all day
def numbers_alone(forms: tuple[str, ...], question: str) -> tuple[str, ...]:
    """The number of each accepted form that is a number and a unit the question names ("2 KB" → "2" when
    the question says "from 8 KB to ____"), unless a form says that number alone already."""
    asked = tokens(question)
    said = [tokens(form) for form in forms]
    found: list[str] = []
    for words in said:
        split = split_unit(words)
        if split is None or len(split[0]) != 1 or not split[1]:
            continue
        (number,), unit = split
        named = all(any(same_word(word, w) for w in asked) for word in unit)
        if named and [number] not in said and number not in found:
            found.append(number)
    return tuple(found)
