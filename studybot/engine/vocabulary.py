"""Common English words: a typo that makes one of these is another word, not a typo.

The words are those of `pyspellchecker`'s English frequency list that occur at least 0.5 times per million
words ("drip": 2.1, "block": 31, "hesian": 0): about 20,000, shipped in studybot/data/common_words.txt.gz
by scripts/make-common-words.py (`make words`). Reading the whole 160,000-word list at the first typo took
37 MB at its peak, and a running bot kept that high-water mark.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

COMMON_WORDS = "common_words.txt.gz"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Loaded once, on the first typo (a few milliseconds; about 2 MB held)."""
    with resources.files("studybot.data").joinpath(COMMON_WORDS).open("rb") as packed:
        return frozenset(gzip.decompress(packed.read()).decode().split())


def is_common_word(word: str) -> bool:
    if not word.isascii() or not word.isalpha():
        return False
    return word.lower() in common_words()
