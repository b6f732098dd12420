"""Integers too long for int() (Python refuses more than 4300 digits): kept as text, never converted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks.hostile.corpus import CARD_LINE, HEADER, deck_errors, short_card


@pytest.mark.parametrize("digits", [4301, 5000, 100_000, 1_000_000])
def test_a_huge_integer_is_text_that_is_too_long(tmp_path: Path, digits: int) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(answers=f"[{'9' * digits}]")) == [
        f"demo.yaml:{CARD_LINE}: card 'a': answers[0] is longer than 200 characters"
    ]


@pytest.mark.parametrize(
    "number", ["0x" + "f" * 5000, "1" + "_0" * 5000, "1" + ":30" * 3000, "-" + "7" * 9000, "1." + "5" * 9000]
)
def test_huge_numbers_in_other_forms(tmp_path: Path, number: str) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(question=number)) == [
        f"demo.yaml:{CARD_LINE}: card 'a': question is longer than 2000 characters"
    ]


def test_a_huge_integer_as_a_deck_id_or_key(tmp_path: Path) -> None:
    body = HEADER.replace("deck: demo", f"deck: {'1' * 5000}") + short_card() + f"{'2' * 1000}: x\n"
    assert deck_errors(tmp_path, body) == [
        f"demo.yaml:1: deck must be lower-case letters, digits and '-' (got {'1' * 5000!r})",
        f"demo.yaml:9: unknown key '{'2' * 1000}'",
    ]


def test_thousands_of_broken_cards_report_the_first_hundred(tmp_path: Path) -> None:
    body = HEADER + "".join(
        short_card(question=f"Q{i}", answers="[]").replace("id: a", f"id: c{i}") for i in range(3000)
    )
    errors = deck_errors(tmp_path, body)
    assert errors[0] == "demo.yaml: 2900 more problems not shown (the first 100 are below)"
    assert errors[1] == f"demo.yaml:{CARD_LINE}: card 'c0': answers needs at least 1 item"
    assert len(errors) == 101
