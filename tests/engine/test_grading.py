"""Answer checking: normalisation, near misses, unicode, empty and huge answers."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from studybot.engine.grading import match_typed, normalise, parse_choice, parse_grade, parse_truefalse
from studybot.srs import Rating


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hessian ", "hessian"),
        ("HESSIAN-matrix!", "hessian matrix"),
        ("Café  Crème", "cafe creme"),
        ("naïve Bayes", "naive bayes"),
        ("二阶导数。", "二阶导数"),
        ("ＡＢＣ", "abc"),  # full-width letters
        ("", ""),
        ("?!...", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("given_", "accepted", "correct", "exact"),
    [
        ("hessian", ["Hessian"], True, True),
        ("the Hessian", ["Hessian", "the Hessian"], True, True),
        ("hesian", ["Hessian"], True, False),  # one letter missing
        ("hessain", ["Hessian"], True, False),  # transposition
        ("gradient", ["Hessian"], False, False),
        ("resume", ["résumé"], True, True),  # accents ignored
        ("二阶导数", ["Hessian", "二阶导数"], True, True),
        ("一阶导数", ["二阶导数"], False, False),  # short CJK terms must match exactly
        ("N", ["newton", "N"], True, True),
        ("M", ["N"], False, False),  # one-letter answers allow no typo
        ("1.5", ["1.4"], False, False),  # numbers are never typos
        ("20 tokens", ["20 tokens"], True, True),
        ("21 tokens", ["20 tokens"], False, False),
        ("", ["Hessian"], False, False),
        ("   ", ["Hessian"], False, False),
        ("x" * 100_000, ["Hessian"], False, False),  # huge input is cut, not crashed on
        ("Hessian" + " " * 10_000, ["Hessian"], True, True),
    ],
)
def test_match_typed(given_: str, accepted: list[str], correct: bool, exact: bool) -> None:
    match = match_typed(given_, accepted)
    assert (match.correct, match.exact) == (correct, exact)


def test_near_miss_reports_the_form_it_was_close_to() -> None:
    assert match_typed("sevn", ["7", "seven"]).expected == "seven"
    assert match_typed("wrong", ["7", "seven"]).expected == "7"


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=30))
def test_any_accepted_answer_matches_itself_in_another_case_and_punctuation(answer: str) -> None:
    assume(normalise(answer))
    assume(normalise(answer.upper()) == normalise(answer))  # not so for Turkish dotless ı: "I" is another letter
    assert match_typed(f"  {answer.upper()}!! ", [answer]).correct


@given(st.text(max_size=200))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


def test_parse_choice() -> None:
    labels = ["First", "Second", "Third"]
    assert [parse_choice(x, labels) for x in ["1", "3", "b", "C", " second ", "4", "d", "", "zero"]] == [
        0,
        2,
        1,
        2,
        1,
        None,
        None,
        None,
        None,
    ]


def test_parse_truefalse_and_grade() -> None:
    assert [parse_truefalse(x) for x in ["true", "T", "1", "no", "2", "对", "maybe"]] == [
        True,
        True,
        True,
        False,
        False,
        True,
        None,
    ]
    assert [parse_grade(x) for x in ["1", "Again", "good", "4", "5", ""]] == [
        Rating.AGAIN,
        Rating.AGAIN,
        Rating.GOOD,
        Rating.EASY,
        None,
        None,
    ]
