"""Expected lines whose middle or end is a library's own words: `…` in an expected line stands for them.

We promise our part of a message (where, what, which file and line); the part a library or the OS adds (PyYAML's
parser, libpq, SQLite, discord.py) changes between releases and is not ours to pin.
"""

from __future__ import annotations

import re


def pattern(expected: str) -> re.Pattern[str]:
    return re.compile(r"\S.*?".join(re.escape(piece) for piece in expected.split("…")), re.DOTALL)


def same(actual: str, expected: str) -> bool:
    return pattern(expected).fullmatch(actual) is not None


def same_lines(actual: list[str], expected: list[str]) -> bool:
    return len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected, strict=True))
