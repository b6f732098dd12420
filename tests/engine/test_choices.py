"""One parser for choice keys, for multiple choice and true/false alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studybot.engine.grading import choice_range, parse_choice, parse_truefalse

LABELS = ["First", "Second", "Third", "Fourth"]


@pytest.mark.parametrize(
    ("typed", "index"),
    [("2", 1), ("b", 1), ("2)", 1), ("(b)", 1), ("B.", 1), (" 4 ", 3), ("(1)", 0), ("d:", 3), ("third", 2)],
)
def test_keys_accepted(typed: str, index: int) -> None:
    assert parse_choice(typed, LABELS) == index


@pytest.mark.parametrize(
    "typed", ["-1", "0", "+1", "5", "e", "12", "(", "1)(", "b b", "", "❶", "➀", "¹", "²", "٢", "۲", "२", "２"]
)
def test_anything_else_is_no_choice(typed: str) -> None:
    assert parse_choice(typed, LABELS) is None


def test_truefalse_uses_the_same_keys() -> None:
    assert [parse_truefalse(x) for x in ["1", "a", "(2)", "B.", "true", "no", "0", "-1", "3", "❶"]] == [
        True,
        True,
        False,
        False,
        True,
        False,
        None,
        None,
        None,
        None,
    ]


def test_the_range_message() -> None:
    assert choice_range(4) == "choose 1–4 (or a–d)"


@given(st.text(max_size=20))
def test_no_text_crashes_the_parser_or_picks_a_choice_out_of_range(typed: str) -> None:
    index = parse_choice(typed, LABELS)
    assert index is None or 0 <= index < len(LABELS)
