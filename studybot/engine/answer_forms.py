"""Other readings of a typed answer that a teacher accepts, tried by matching.py besides the answer itself.

- A name with its abbreviation in brackets, either way round and anywhere in the answer: "recurrent
  neural network (RNN)", "RNN (recurrent neural network)", "program counter (PC) register". It is
  right when the answer is right with the name alone or with the abbreviation alone. The bracket must
  be an abbreviation of the words next to it (its first letter starts them, its letters follow in
  order), so a hedge such as "stack (heap)" is still judged as a whole.
- A decimal comma ("9,8" for 9.8): one comma between digits, not before three of them (60,000 is
  sixty thousand) nor in a list ("1,2,3"). "9,8" may still be a list of 9 and 8, so it is read both
  ways: it is right when either reading is.
- A number with a comparison ("over 60,000", "more than 60000", "at least 60000", "> 60000") when the
  question asks for a threshold: a short question asking "more than how many …" (also "over", "at
  least", "above", "greater than", "in excess of"), or a cloze whose gap follows such words
  ("repeated more than {{60,000}} times").
"""

from __future__ import annotations

import re

from studybot.engine.answer_words import is_number, tokens

_BRACKET = re.compile(r"[(（\[]([^()（）\[\]]{1,100})[)）\]]")
_ABBREVIATION = re.compile(r"[^\W_]{2,12}")
_MAX_NAME_WORDS = 8
_DECIMAL_COMMA = re.compile(r"(?<![0-9.,])([0-9]+),([0-9]{1,2}|[0-9]{4,})(?![0-9.,])")
_COMPARATIVE = r"(?:more\s+than|greater\s+than|over|above|at\s+least|in\s+excess\s+of)"
_THRESHOLD_QUESTION = re.compile(rf"\b{_COMPARATIVE}\s+how\s+(?:many|much)\b", re.IGNORECASE)
_THRESHOLD_BEFORE_GAP = re.compile(rf"\b{_COMPARATIVE}\s*$", re.IGNORECASE)
_COMPARISONS: tuple[tuple[str, ...], ...] = (
    ("more", "than"),
    ("greater", "than"),
    ("at", "least"),
    ("in", "excess", "of"),
    ("over",),
    ("above",),
    (">", "="),
    ("≥",),
    (">",),
)


def asks_for_threshold(question: str) -> bool:
    """A short question such as "… more than how many times?"."""
    return _THRESHOLD_QUESTION.search(question) is not None


def gap_follows_threshold(text_before_gap: str) -> bool:
    """A cloze such as "… repeated more than ____ times"."""
    return _THRESHOLD_BEFORE_GAP.search(text_before_gap) is not None


def readings(given: str, threshold: bool = False) -> list[str]:
    """`given` first, then the other ways a teacher would read it."""
    found = [given, *_without_abbreviation(given)]
    found += [decimal for text in found if (decimal := _DECIMAL_COMMA.sub(r"\1.\2", text)) != text]
    if threshold:
        found += [bare for text in found if (bare := _without_comparison(text)) is not None]
    return found


def _without_abbreviation(given: str) -> list[str]:
    """ "recurrent neural network (RNN)" → "recurrent neural network", "RNN"; nothing if no bracket
    holds an abbreviation of the words beside it."""
    bracket = _BRACKET.search(given)
    if bracket is None:
        return []
    before, inside, after = given[: bracket.start()].split(), bracket.group(1).split(), given[bracket.end() :].split()
    if len(inside) == 1 and (n := _abbreviated_words(inside[0], before)):  # name (ABBR)
        return [" ".join(before + after), " ".join(before[:-n] + inside + after)]
    if before and _abbreviated_words(before[-1], inside) == len(inside):  # ABBR (name)
        return [" ".join(before + after), " ".join(before[:-1] + inside + after)]
    return []


def _abbreviated_words(abbreviation: str, words: list[str]) -> int:
    """How many of the last `words` `abbreviation` stands for (0: none): the fewest whose first
    letter is its first letter and whose letters hold its letters in order."""
    letters = abbreviation.casefold()
    if not _ABBREVIATION.fullmatch(letters) or letters.isdigit():
        return 0
    for n in range(1, min(len(words), _MAX_NAME_WORDS) + 1):
        name = "".join(tokens(" ".join(words[-n:])))
        if name[:1] == letters[0] and len(name) > len(letters) and _in_order(letters, name):
            return n
    return 0


def _in_order(letters: str, text: str) -> bool:
    rest = iter(text)
    return all(letter in rest for letter in letters)


def _without_comparison(given: str) -> str | None:
    """ "over 60,000" → "60000"; None when the answer does not start with a comparison and a number."""
    words = tokens(given)
    for phrase in _COMPARISONS:
        rest = words[len(phrase) :]
        if tuple(words[: len(phrase)]) == phrase and rest and is_number(rest[0]):
            return " ".join(rest)
    return None
