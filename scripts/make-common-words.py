"""Writes studybot/data/common_words.txt.gz: the common English words a typo must not be forgiven into.

The source is `pyspellchecker`'s English frequency list (~160,000 words, MIT). A word is common from
COMMON_PER_MILLION occurrences per million words of that list on ("drip": 2.1, "block": 31, "hesian": 0):
about 20,000 words. The bot used to load the whole list at the first typo and keep the common ones; the
list took 37 MB while it was read, and that high-water mark stayed in the process. Run with `make words`
after moving pyspellchecker's version in pyproject.toml's `data` extra; tests/engine/test_vocabulary.py
checks the file against the installed list.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from spellchecker import SpellChecker

COMMON_PER_MILLION = 0.5
OUT = Path(__file__).resolve().parent.parent / "studybot" / "data" / "common_words.txt.gz"


def common_words() -> list[str]:
    frequencies = SpellChecker(language="en", distance=1).word_frequency
    total = frequencies.total_words
    return sorted(
        word for word, count in frequencies.dictionary.items() if count / total * 1_000_000 >= COMMON_PER_MILLION
    )


def main() -> None:
    text = "".join(f"{word}\n" for word in common_words())
    OUT.write_bytes(gzip.compress(text.encode(), mtime=0))
    print(f"{OUT}: {len(text.splitlines())} words")


if __name__ == "__main__":
    main()
