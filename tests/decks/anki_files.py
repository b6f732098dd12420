"""Real Anki packages made in the tests: legacy ones with genanki, current ones (collection.anki21b:
zstd-compressed SQLite, note types in the `notetypes`/`fields`/`templates` tables with protobuf configs)
with sqlite3 and zstandard, and hostile zips."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import zstandard

CLOZE_MODEL = genanki.CLOZE_MODEL
BASIC_AND_REVERSED = genanki.BASIC_AND_REVERSED_CARD_MODEL


def legacy_apkg(
    notes: list[tuple[genanki.Model, list[str]]], deck_name: str = "GC notes", deck_id: int = 2059400110
) -> bytes:
    deck = genanki.Deck(deck_id, deck_name)
    for index, (model, fields) in enumerate(notes):
        deck.add_note(genanki.Note(model=model, fields=fields, guid=f"guid{index}"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _text(number: int, value: str) -> bytes:
    raw = value.encode()
    return _varint(number << 3 | 2) + _varint(len(raw)) + raw


def current_apkg(notes: list[tuple[int, int, list[str], list[int]]], *, deck_name: str = "Systems") -> bytes:
    """A package in Anki's current layout. `notes`: (note id, note type id 1 basic+reversed / 2 cloze,
    fields, card ordinals)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.db"
        conn = sqlite3.connect(path)
        conn.executescript(
            """
            CREATE TABLE col (id integer primary key, ver integer, models text, decks text);
            CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,
                                tags text, flds text, sfld integer, csum integer, flags integer, data text);
            CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);
            CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
            CREATE TABLE fields (ntid integer, ord integer, name text, config blob, primary key (ntid, ord));
            CREATE TABLE templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer,
                                    config blob, primary key (ntid, ord));
            CREATE TABLE decks (id integer primary key, name text);
            INSERT INTO col VALUES (1, 18, '', '');
            """
        )
        conn.execute("INSERT INTO decks VALUES (1, ?)", (deck_name,))
        conn.execute("INSERT INTO notetypes VALUES (1, 'Basic (and reversed card)', 0, 0, ?)", (b"",))
        conn.execute("INSERT INTO notetypes VALUES (2, 'Cloze', 0, 0, ?)", (_varint(1 << 3) + _varint(1),))
        conn.executemany(
            "INSERT INTO fields VALUES (?, ?, ?, x'')",
            [(1, 0, "Front"), (1, 1, "Back"), (2, 0, "Text"), (2, 1, "Back Extra")],
        )
        templates = [
            (1, 0, "Card 1", _text(1, "{{Front}}") + _text(2, "{{FrontSide}}<hr id=answer>{{Back}}")),
            (1, 1, "Card 2", _text(1, "{{Back}}") + _text(2, "{{FrontSide}}<hr id=answer>{{Front}}")),
            (2, 0, "Cloze", _text(1, "{{cloze:Text}}") + _text(2, "{{cloze:Text}}<br>{{Back Extra}}")),
        ]
        conn.executemany("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", templates)
        card_id = 1
        for note_id, type_id, fields, ordinals in notes:
            conn.execute(
                "INSERT INTO notes VALUES (?, ?, ?, 0, 0, '', ?, 0, 0, 0, '')",
                (note_id, f"g{note_id}", type_id, "\x1f".join(fields)),
            )
            for ordinal in ordinals:
                conn.execute("INSERT INTO cards VALUES (?, ?, 1, ?)", (card_id, note_id, ordinal))
                card_id += 1
        conn.commit()
        conn.close()
        packed = zstandard.ZstdCompressor().compress(path.read_bytes())
    return zipped({"collection.anki21b": packed, "collection.anki2": b"please upgrade", "media": b""})


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(expanded: int) -> bytes:
    """A package whose collection inflates to `expanded` bytes of zeros (a few KB on the wire)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1 << 20)
        for _ in range(expanded // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()
