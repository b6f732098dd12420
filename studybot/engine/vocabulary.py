"""Common English words: a typo that makes one of these is another word, not a typo.

The word counts come with `pyspellchecker` (an English frequency list of ~160,000 words). A word is
common from COMMON_PER_MILLION occurrences per million words of that list on ("drip": 2.1, "block": 31,
"hesian": 0), a bar low enough to catch the everyday words that typos of technical answers land on.
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

COMMON_PER_MILLION = 0.5


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    return SpellChecker(language="en", distance=1)  # loads its list once (~0.3 s), on the first typo


def is_common_word(word: str) -> bool:
    if not word.isascii() or not word.isalpha():
        return False
    return _english().word_usage_frequency(word) * 1_000_000 >= COMMON_PER_MILLION
