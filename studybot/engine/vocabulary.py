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
def _common_words() -> frozenset[str]:
    """The common words alone (≈ 20,000 of the list's 160,000): the full list held in memory cost a running
    bot 37 MB; this set costs 6. Each kept word is copied while the list is alive, so the memory the list
    used is all freed together and goes back to the system. Loaded once (~0.3 s), on the first typo."""
    frequencies = SpellChecker(language="en", distance=1).word_frequency
    total = frequencies.total_words
    kept = [
        word.encode().decode()
        for word, count in frequencies.dictionary.items()
        if count / total * 1_000_000 >= COMMON_PER_MILLION
    ]
    del frequencies
    return frozenset(kept)


def is_common_word(word: str) -> bool:
    if not word.isascii() or not word.isalpha():
        return False
    return word.lower() in _common_words()
