"""An id or source written as a list or a mapping: reported as FILE:LINE like any wrong value, never a
crash of the loader (a list is no dictionary key) in `import-deck` or in a learner's upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.formats.read import read_upload
from tests.decks.hostile.corpus import HEADER, deck_errors, short_card

SOURCE_ID_LINE = 4


@pytest.mark.parametrize("written", ["[notes]", "{notes: 1}", "[[a], {b: c}]"])
def test_a_source_id_that_is_not_text(tmp_path: Path, written: str) -> None:
    body = HEADER.replace("id: notes", f"id: {written}", 1) + short_card()
    kind = "list" if written.startswith("[") else "dict"

    assert deck_errors(tmp_path, body) == [
        f"demo.yaml:{SOURCE_ID_LINE}: sources[0].id: expected text, got {kind}",
        "demo.yaml:8: card 'a': source 'notes' is not defined in sources",
    ]


def test_a_source_id_that_is_not_text_in_an_upload() -> None:
    body = HEADER.replace("id: notes", "id: [notes]", 1) + short_card()
    with pytest.raises(UploadProblem) as caught:
        read_upload("mine.yaml", body.encode(), Limits(10_000_000, 100))
    expected = f"mine.yaml:{SOURCE_ID_LINE}: sources[0].id: expected text, got list (and 1 more problems)"
    assert str(caught.value) == expected


@pytest.mark.parametrize(("field", "written"), [("source", "[notes]"), ("source", "{a: 1}"), ("id", "[a]")])
def test_a_card_id_or_source_that_is_not_text(tmp_path: Path, field: str, written: str) -> None:
    card = short_card().replace(f"{field}: {'notes' if field == 'source' else 'a'}", f"{field}: {written}")
    kind = "list" if written.startswith("[") else "dict"
    label = "'a'" if field == "source" else "'#1'"
    assert deck_errors(tmp_path, HEADER + card) == [f"demo.yaml:8: card {label}: {field}: expected text, got {kind}"]
