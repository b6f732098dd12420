"""Text made only of invisible characters reads as empty on every platform: refused like empty text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks.hostile.corpus import CARD_LINE, HEADER, deck_errors, short_card

INVISIBLE = [
    "\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u2061\u2062\u2063\u2064",
    "\u3164", "\u115f\u1160", "\uffa0", "\u2800", "\u0301\u0301", "\u200e\u200f", "\u202a\u202c",
    "\U000e0020\U000e007f", "\u2066\u2069", "\ufe0f",
]  # fmt: skip


@pytest.mark.parametrize("text", INVISIBLE, ids=lambda t: "+".join(f"U+{ord(c):04X}" for c in t))
def test_a_question_of_only_invisible_characters(tmp_path: Path, text: str) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(question=f'"{text}"')) == [
        f"demo.yaml:{CARD_LINE}: card 'a': question: has only invisible characters"
    ]


@pytest.mark.parametrize("text", ["\u00a0", "\u2000\u2001\u2002\u200a", "\u3000", "\u202f", "\u2028", "\u1680"])
def test_a_question_of_only_unicode_spaces_is_empty(tmp_path: Path, text: str) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(question=f'"{text}"')) == [
        f"demo.yaml:{CARD_LINE}: card 'a': question: must not be empty"
    ]


@pytest.mark.parametrize("text", INVISIBLE[:6], ids=lambda t: "+".join(f"U+{ord(c):04X}" for c in t))
def test_an_answer_or_title_of_only_invisible_characters(tmp_path: Path, text: str) -> None:
    body = HEADER.replace("title: Demo", f'title: "{text}"') + short_card(answers=f'[x, "{text} "]')
    assert deck_errors(tmp_path, body) == [
        "demo.yaml:2: title: has only invisible characters",
        f"demo.yaml:{CARD_LINE}: card 'a': answers[1]: has only invisible characters",
    ]


def test_visible_text_with_invisible_characters_is_fine(tmp_path: Path) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(question='"Q\u200b?"', answers='["e\u0301"]')) == []
