"""Control characters, non-characters, lone surrogates and NUL: refused with their line, never passed on.

PyYAML raises ReaderError (not a MarkedYAMLError) on most of these; PostgreSQL rejects NUL; ESC drives
the terminal. Each is refused before YAML sees it, or after YAML decodes a quoted escape.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks.hostile.corpus import CARD_LINE, HEADER, deck_errors, short_card

CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n\r"] + list(range(0x7F, 0xA0))
NON_CHARACTERS = list(range(0xFDD0, 0xFDF0)) + [
    plane * 0x10000 + end for plane in range(17) for end in (0xFFFE, 0xFFFF)
]
COLUMN = len("  - {id: a, type: short, question: Q") + 1


def _kind(code: int) -> str:
    return "a control character" if code < 0xA0 else "a Unicode non-character"


@pytest.mark.parametrize("code", CONTROLS + NON_CHARACTERS, ids=lambda c: f"U+{c:04X}")
def test_a_raw_character_is_refused_with_line_and_column(tmp_path: Path, code: int) -> None:
    body = HEADER + short_card(question=f"Q{chr(code)}?")
    assert deck_errors(tmp_path, body) == [
        f"demo.yaml:{CARD_LINE}: character U+{code:04X} ({_kind(code)}) at column {COLUMN} is not allowed in a deck"
    ]


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\0", 0), ("\\e", 0x1B), ("\\x1b", 0x1B), ("\\a", 7), ("\\x9b", 0x9B), ("\\uFFFE", 0xFFFE), ("\\b", 8)],
)
def test_a_character_written_as_an_escape_is_refused_too(tmp_path: Path, escape: str, code: int) -> None:
    body = HEADER + short_card(answers=f'["x{escape}[2J"]')
    assert deck_errors(tmp_path, body) == [
        f"demo.yaml:{CARD_LINE}: character U+{code:04X} ({_kind(code)}) written as an escape is not allowed in a deck"
    ]


def test_nul_anywhere_in_the_file(tmp_path: Path) -> None:
    body = HEADER.replace("title: Demo", "title: De\x00mo") + short_card()
    assert deck_errors(tmp_path, body) == [
        "demo.yaml:2: character U+0000 (a control character) at column 10 is not allowed in a deck"
    ]


def test_a_lone_surrogate_escape_is_a_syntax_error(tmp_path: Path) -> None:
    body = HEADER + short_card(answers='["\\ud800"]')
    assert deck_errors(tmp_path, body) == [
        f"demo.yaml:{CARD_LINE}: YAML syntax error: found invalid Unicode character escape code"
    ]
