"""Deck validation: every problem, with its file and line, in one run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from studybot.decks.loader import load_decks
from studybot.decks.schema import ClozeCard
from studybot.decks.yamlsource import MAX_BYTES, MAX_DEPTH
from tests.wording import same_lines

HEADER = """deck: demo
title: Demo
sources:
  - id: notes
    title: Notes
    ref: "Test notes written for these tests."
cards:
"""


def errors_for(tmp_path: Path, body: str, name: str = "demo.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = load_decks([path])
    return [str(e).removeprefix(f"{tmp_path}/") for e in sorted(result.errors)]


def test_a_valid_deck_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        HEADER + "  - {id: a, type: truefalse, statement: S, answer: true, explanation: E, source: notes}\n"
    )
    result = load_decks([tmp_path])
    assert result.ok
    assert [d.id for d in result.decks] == ["demo"]


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    body = (
        HEADER
        + """\
  - id: two-answers
    type: mcq
    question: Which?
    choices: [A, B, b]
    answer: C
    explanation: E
    source: notes
  - id: two-answers
    type: cloze
    text: no gap here
    explanation: E
    source: missing
  - id: tf
    type: truefalse
    statement: "   "
    answer: "yes"
    explanation: E
    source: notes
    colour: red
  - id: essay
    type: essay
    source: notes
  - id: short
    type: short
    question: Q?
    answers: []
    source: notes
"""
    )
    assert errors_for(tmp_path, body) == [
        "demo.yaml:11: card 'two-answers': duplicate choice 'b'",
        "demo.yaml:12: card 'two-answers': answer 'C' is not one of its choices",
        "demo.yaml:15: duplicate card id 'two-answers' (first at line 8)",
        "demo.yaml:17: card 'two-answers': cloze text has no {{gap}}",
        "demo.yaml:19: card 'two-answers': source 'missing' is not defined in sources",
        "demo.yaml:22: card 'tf': statement: must not be empty",
        "demo.yaml:23: card 'tf': answer: expected true or false, got 'yes'",
        "demo.yaml:26: card 'tf': unknown key 'colour'",
        "demo.yaml:27: card 'essay': unknown card type 'essay'"
        " (expected one of: mcq, truefalse, short, cloze, flashcard)",
        "demo.yaml:30: card 'short': missing key 'explanation'",
        "demo.yaml:33: card 'short': answers needs at least 1 item",
    ]


def test_header_problems(tmp_path: Path) -> None:
    body = "deck: Bad Id\ntitle: ''\nsources: []\ncards: []\nextra: 1\n"
    assert errors_for(tmp_path, body) == [
        "demo.yaml:1: deck must be lower-case letters, digits and '-' (got 'Bad Id')",
        "demo.yaml:2: title must not be empty",
        "demo.yaml:3: sources needs at least 1 item",
        "demo.yaml:4: cards needs at least 1 item",
        "demo.yaml:5: unknown key 'extra'",
    ]


def test_limits_for_chat_platforms(tmp_path: Path) -> None:
    long_choice = "x" * 101
    body = (
        HEADER
        + f"""\
  - id: long
    type: mcq
    question: {"q" * 301}
    choices: [{long_choice}, B]
    answer: B
    explanation: {"e" * 2001}
    source: notes
"""
    )
    assert errors_for(tmp_path, body) == [
        "demo.yaml:10: card 'long': question is longer than 300 characters",
        "demo.yaml:11: card 'long': choices[0] is longer than 100 characters",
        "demo.yaml:13: card 'long': explanation is longer than 2000 characters",
    ]


def test_too_many_choices(tmp_path: Path) -> None:
    body = (
        HEADER
        + "  - {id: a, type: mcq, question: Q, choices: [a,b,c,d,e,f,g,h,i], answer: a,"
        + " explanation: E, source: notes}\n"
    )
    assert errors_for(tmp_path, body) == ["demo.yaml:8: card 'a': choices has more than 8 items"]


def test_two_cloze_gaps_and_an_empty_gap(tmp_path: Path) -> None:
    body = (
        HEADER
        + """\
  - {id: a, type: cloze, text: "{{one}} and {{two}}", explanation: E, source: notes}
  - {id: b, type: cloze, text: "an {{ | }} gap", explanation: E, source: notes}
"""
    )
    assert errors_for(tmp_path, body) == [
        "demo.yaml:8: card 'a': cloze text has 2 gaps; use one gap per card",
        "demo.yaml:9: card 'b': the cloze gap is empty",
    ]


def test_a_bar_escaped_in_a_gap_is_part_of_the_answer(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(
        HEADER + "  - {id: a, type: cloze, text: '{{log Q(y\\|x)|log Q}} is subtracted', explanation: E,"
        " source: notes}\n",
        encoding="utf-8",
    )
    (deck,) = load_decks([path]).decks
    (card,) = deck.cards
    assert isinstance(card, ClozeCard)
    assert card.gap_answers == ("log Q(y|x)", "log Q")
    assert card.masked_text == "____ is subtracted"


def test_duplicate_deck_ids_across_files(tmp_path: Path) -> None:
    card = "  - {id: a, type: flashcard, front: F, back: B, source: notes}\n"
    (tmp_path / "a.yaml").write_text(HEADER + card)
    (tmp_path / "b.yaml").write_text(HEADER + card)
    result = load_decks([tmp_path])
    assert [str(e).removeprefix(f"{tmp_path}/") for e in result.errors] == [
        "b.yaml:1: deck id 'demo' is also used by " + str(tmp_path / "a.yaml")
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("deck: [unclosed\n", "demo.yaml:2: YAML syntax error: …"),
        ("a: 1\n---\nb: 2\n", "demo.yaml:2: a deck file holds one YAML document (remove the extra '---')"),
        (
            "a: &a [x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
            "demo.yaml:2: YAML aliases (*name) are not allowed in decks",
        ),
        ("? [a]\n: b\n", "demo.yaml:1: mapping keys must be plain words"),
        ("a: &x [1, 2]\nb: *x\n", "demo.yaml:2: YAML aliases (*name) are not allowed in decks"),
        (
            "a: !!python/object:os.system {}\n",
            "demo.yaml:1: YAML tag tag:yaml.org,2002:python/object:os.system is not allowed in decks",
        ),
        ("deck: a\ndeck: b\n", "demo.yaml:2: duplicate key 'deck'"),
        ("", "demo.yaml:1: file is empty"),
        ("- just\n- a list\n", "demo.yaml:1: a deck file must be a mapping with deck, title, sources and cards"),
        (
            "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
            f"demo.yaml:1: nesting deeper than {MAX_DEPTH} levels",
        ),
    ],
)
def test_hostile_or_broken_yaml(tmp_path: Path, body: str, message: str) -> None:
    errors = errors_for(tmp_path, body)
    assert same_lines(errors, [message]), errors


def test_half_a_million_nested_brackets_are_refused_not_crashed_on(tmp_path: Path) -> None:
    """PyYAML's C composer recurses and crashes the process on this. We promise one FILE:LINE: refusal, whichever
    of our depth check and the YAML library's own limit says it first; a crash or a hang fails (a subprocess)."""
    depth = 500_000
    (tmp_path / "demo.yaml").write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    script = (
        "import sys; from studybot.decks.loader import load_decks; "
        "print('\\n'.join(str(e) for e in load_decks([sys.argv[1]]).errors))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "demo.yaml")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    errors = done.stdout.splitlines()
    assert len(errors) == 1, errors
    assert re.fullmatch(rf"{re.escape(str(tmp_path))}/demo\.yaml:1: \S.*", errors[0]), errors


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    body = "a: " + "x" * (MAX_BYTES + 1) + "\n"
    assert errors_for(tmp_path, body) == ["demo.yaml: file is larger than 2 MiB"]


def test_not_utf8_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    result = load_decks([tmp_path / "latin.yaml", tmp_path / "nope.yaml", tmp_path / "empty-dir"])
    errors = sorted(str(e).removeprefix(f"{tmp_path}/") for e in result.errors)
    expected = ["empty-dir: no such file or directory", "latin.yaml:1: not UTF-8 text (byte 0xE9: …)", "nope.yaml: …"]
    assert same_lines(errors, expected), errors
