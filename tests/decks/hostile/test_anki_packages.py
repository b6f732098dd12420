"""Hostile Anki packages, read by the real worker process: each refused with one line naming the file,
never reported as the time or memory limit (which a crashed worker used to be)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from studybot.decks import sandbox
from studybot.decks.formats import worker
from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.sandbox import parse_upload
from tests.decks.anki_files import zipped

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_cards=5_000)
TABLES = (
    "CREATE TABLE col (models text, decks text); CREATE TABLE notes (id, mid, flds); "
    "CREATE TABLE cards (nid, did, ord);"
)
BASIC = json.dumps(
    {
        "1": {
            "name": "Basic",
            "type": 0,
            "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
            "tmpls": [{"ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
        }
    }
)
DEEP = "[" * 100_000 + "]" * 100_000


Row = tuple[object, ...]


def _package(tmp_path: Path, models: str, note: Row, card: Row, decks: str = "{}", *, repeat: bool = False) -> bytes:
    path = tmp_path / "c.anki2"
    with sqlite3.connect(path) as conn:
        conn.executescript(TABLES)
        conn.execute("INSERT INTO col VALUES (?, ?)", (models, decks))
        conn.execute("INSERT INTO notes VALUES (?, ?, ?)", note)
        conn.executemany("INSERT INTO cards VALUES (?, ?, ?)", [card, card] if repeat else [card])
    conn.close()
    return zipped({"collection.anki2": path.read_bytes()})


def _stored(member: bytes = b"SQLite format 3\x00" + bytes(100)) -> bytearray:
    return bytearray(zipped({"collection.anki2": member}))


def _encrypted() -> bytes:
    raw = _stored()
    raw[6] |= 1  # the "encrypted" flag, in the local header and in the central directory
    raw[raw.find(b"PK\x01\x02") + 8] |= 1
    return bytes(raw)


def _header_contradicts_directory() -> bytes:
    raw = _stored()
    raw[26] = 0xFF  # the local header's file name length: no longer the directory's name
    return bytes(raw)


def _future_zip_version() -> bytes:
    raw = _stored()
    raw[raw.find(b"PK\x01\x02") + 6] = 0xFF  # "version needed to extract": 25.5
    return bytes(raw)


async def refusal(data: bytes, name: str = "evil.apkg") -> str:
    with pytest.raises(UploadProblem) as caught:
        await parse_upload(name, data, LIMITS, seconds=60)
    message = str(caught.value)
    assert "limits" not in message
    assert "\n" not in message
    return message


async def test_an_encrypted_collection() -> None:
    assert await refusal(_encrypted()) == "evil.apkg: refused: the package is encrypted (password-protected)"


async def test_a_local_header_that_contradicts_the_directory() -> None:
    message = await refusal(_header_contradicts_directory())
    assert message == "evil.apkg: the package is damaged (its collection cannot be opened)"


async def test_a_zip_version_nobody_writes() -> None:
    message = await refusal(_future_zip_version())
    assert message == "evil.apkg: the package is damaged (its zip directory cannot be read)"


@pytest.mark.parametrize(
    ("note", "card"),
    [(("abc", 1, "Q\x1fA"), ("abc", 1, 0)), ((1, 1, "Q\x1fA"), (1, 1, None)), ((1, "x", "Q\x1fA"), (1, 1, 0))],
    ids=["text note id", "null ordinal", "text note type id"],
)
async def test_a_damaged_id(tmp_path: Path, note: Row, card: Row) -> None:
    message = await refusal(_package(tmp_path, BASIC, note, card))
    assert message == "evil.apkg: not a readable Anki collection (a note or card has a damaged id)"


async def test_note_types_nested_too_deep(tmp_path: Path) -> None:
    message = await refusal(_package(tmp_path, DEEP, (1, 1, "Q\x1fA"), (1, 1, 0)))
    assert message == "evil.apkg: not a readable Anki collection (its note types are damaged)"


async def test_a_deck_table_nested_too_deep_only_loses_the_title(tmp_path: Path) -> None:
    package = _package(tmp_path, BASIC, (1, 1, "Q\x1fA"), (1, 1, 0), decks=DEEP)
    deck = await parse_upload("deep.apkg", package, LIMITS, seconds=60)
    assert (deck.title, len(deck.cards)) == ("deep", 1)


def test_any_other_exception_in_a_reader_is_a_problem_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str, data: bytes, limits: Limits) -> None:
        raise KeyError("a case no check foresaw")

    monkeypatch.setattr(worker, "read_upload", broken)
    assert worker.result_of("folder/odd.csv", b"a,b\n", LIMITS) == {
        "problem": "odd.csv: I could not read it: it looks damaged (KeyError)"
    }


async def test_a_worker_that_fails_for_another_reason_is_not_blamed_on_the_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "executable", shutil.which("false"))  # a child that exits 1 at once
    assert await refusal(b"a,b\n", "fine.csv") == "fine.csv: I could not read it; nothing was changed"


async def test_a_card_repeated_in_the_package_is_skipped_and_counted(tmp_path: Path) -> None:
    package = _package(tmp_path, BASIC, (1, 1, "Q\x1fA"), (1, 1, 0), repeat=True)

    deck = await parse_upload("twice.apkg", package, LIMITS, seconds=60)

    assert [card.id for card in deck.cards] == ["n1-0"]
    assert deck.skipped == {"a card repeated (the same note and card number)": 1}


def test_worker_output_with_two_cards_of_one_key_is_refused() -> None:
    card = {"id": "k", "source": "upload", "type": "flashcard", "front": "Q", "back": "A"}
    output = {"name": "d", "title": "D", "description": "", "cards": [card, card], "skipped": {}, "notes": {}}
    with pytest.raises(UploadProblem) as caught:
        sandbox._parsed("d.csv", json.dumps({**output, "sources": []}).encode())
    assert str(caught.value) == "d.csv: I could not read it (two cards with the same key)"
