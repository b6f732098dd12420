"""YAML 1.1 would rewrite 010 → 8, 0x10 → 16, 1:30 → 90, 1_000 → 1000, yes → True: decks keep the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from studybot.decks.loader import load_decks
from studybot.decks.schema import McqCard, ShortCard
from tests.decks.hostile.corpus import CARD_LINE, HEADER, deck_errors, short_card

KEPT = [
    "010", "0x10", "0o17", "0b101", "1:30", "190:20:30", "1_000", "+12", "-0", "007",
    "1e3", "1.50", "6.02e+23", ".inf", "-.Inf", ".NaN", "yes", "no", "on", "off",
    "Yes", "NO", "On", "OFF", "y", "n", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "=", "<<",
]  # fmt: skip


@pytest.mark.parametrize("written", KEPT)
def test_accepted_answers_keep_the_characters_written(tmp_path: Path, written: str) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(HEADER + short_card(answers=f"[{written}]"), encoding="utf-8")
    result = load_decks([path])
    assert result.ok, result.errors
    card = result.decks[0].cards[0]
    assert isinstance(card, ShortCard)
    assert card.answers == (written,)


@pytest.mark.parametrize("written", KEPT)
def test_mcq_choices_and_question_keep_the_characters_written(tmp_path: Path, written: str) -> None:
    card = (
        f"  - {{id: a, type: mcq, question: {written}, choices: [{written}, other], answer: {written},"
        " explanation: E, source: notes}\n"
    )
    path = tmp_path / "demo.yaml"
    path.write_text(HEADER + card, encoding="utf-8")
    result = load_decks([path])
    assert result.ok, result.errors
    mcq = result.decks[0].cards[0]
    assert isinstance(mcq, McqCard)
    assert (mcq.question, mcq.choices[0], mcq.answer) == (written, written, written)


@pytest.mark.parametrize("written", ["true", "false", "True", "FALSE"])
def test_true_and_false_in_a_text_field_ask_for_quotes(tmp_path: Path, written: str) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(answers=f"[{written}]")) == [
        f"demo.yaml:{CARD_LINE}: card 'a': answers[0]: {written.lower()} is a YAML boolean; put the text in quotes"
    ]


@pytest.mark.parametrize("written", ["null", "~", "Null", "NULL"])
def test_null_in_a_text_field_asks_for_quotes(tmp_path: Path, written: str) -> None:
    assert deck_errors(tmp_path, HEADER + short_card(answers=f"[x, {written}]")) == [
        f"demo.yaml:{CARD_LINE}: card 'a': answers[1]: null (or ~, or nothing) means no value; put the text in quotes"
    ]


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "1", "0"])
def test_truefalse_answers_are_only_true_or_false(tmp_path: Path, written: str) -> None:
    card = f"  - {{id: a, type: truefalse, statement: S, answer: {written}, explanation: E, source: notes}}\n"
    assert deck_errors(tmp_path, HEADER + card) == [
        f"demo.yaml:{CARD_LINE}: card 'a': answer: expected true or false, got {written!r}"
    ]


def test_a_cloze_gap_and_a_flashcard_back_keep_numbers_as_written(tmp_path: Path) -> None:
    cards = (
        "  - {id: a, type: cloze, text: 'port {{0x1F}} is open', explanation: E, source: notes}\n"
        "  - {id: b, type: flashcard, front: 1:30, back: 010, source: notes}\n"
    )
    path = tmp_path / "demo.yaml"
    path.write_text(HEADER + cards, encoding="utf-8")
    result = load_decks([path])
    assert result.ok, result.errors
    cloze, flash = (card.model_dump() for card in result.decks[0].cards)
    assert cloze["text"] == "port {{0x1F}} is open"
    assert (flash["front"], flash["back"]) == ("1:30", "010")
