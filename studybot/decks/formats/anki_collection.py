"""Reading an Anki collection (SQLite) that nobody vouches for: opened read-only with a cap on row
size and on the work a query may do; triggers, views and missing tables refused. Both schemas: legacy
(note types as JSON in `col.models`) and current (schema 18: `notetypes`, `fields`, `templates`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studybot.decks.formats import protobuf
from studybot.decks.formats.model import Limits, UploadProblem

MAX_VALUE_BYTES = 1_000_000  # one field string or blob: larger is not a flashcard
MAX_STEPS = 200_000  # progress-handler calls (×1,000 VM steps) before a query is stopped
REQUIRED = {"col", "notes", "cards"}


@dataclass
class NoteType:
    name: str
    cloze: bool
    fields: list[str]
    templates: dict[int, tuple[str, str]] = field(default_factory=dict)  # ord → (question, answer) format


@dataclass(frozen=True)
class AnkiCard:
    note_id: int
    ordinal: int
    note_type_id: int
    fields: list[str]


@contextmanager
def opened(name: str, path: Path) -> Iterator[sqlite3.Connection]:
    with path.open("rb") as file:
        header = file.read(16)
    if header != b"SQLite format 3\x00":
        raise UploadProblem(f"{name}: not an Anki package (its collection is not an SQLite database)")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        steps = iter(range(MAX_STEPS))
        conn.set_progress_handler(lambda: next(steps, None) is None, 1000)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA query_only = ON")
            _check_schema(name, conn)
            yield conn
        except sqlite3.DataError:  # a value past SQLITE_LIMIT_LENGTH
            raise UploadProblem(f"{name}: refused: the collection has a huge row") from None
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise UploadProblem(f"{name}: refused: reading the collection takes too long") from None
            raise UploadProblem(f"{name}: not a readable Anki collection") from None
        except sqlite3.DatabaseError:
            raise UploadProblem(f"{name}: not a readable Anki collection (a damaged database)") from None


def _check_schema(name: str, conn: sqlite3.Connection) -> None:
    kinds = {(kind, table) for kind, table in conn.execute("SELECT type, name FROM sqlite_master")}
    if any(kind in {"trigger", "view"} for kind, _ in kinds):
        raise UploadProblem(f"{name}: refused: the collection has triggers or views, which Anki never writes")
    tables = {table for kind, table in kinds if kind == "table"}
    if not tables >= REQUIRED:
        raise UploadProblem(f"{name}: not an Anki collection (no {', '.join(sorted(REQUIRED - tables))} table)")


def card_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM cards").fetchone()[0])


def note_types(name: str, conn: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "notetypes" in tables:
        return _current_note_types(conn)
    row = conn.execute("SELECT models FROM col").fetchone()
    try:
        models = json.loads(row[0]) if row and row[0] else {}
        return {int(mid): _legacy_note_type(model) for mid, model in models.items()}
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # RecursionError: JSON nested deep
        raise UploadProblem(f"{name}: not a readable Anki collection (its note types are damaged)") from None


def _legacy_note_type(model: dict[str, Any]) -> NoteType:
    flds = sorted(model["flds"], key=lambda f: int(f["ord"]))
    templates = {int(t["ord"]): (str(t["qfmt"]), str(t["afmt"])) for t in model.get("tmpls") or []}
    return NoteType(str(model["name"]), model.get("type") == 1, [str(f["name"]) for f in flds], templates)


def _current_note_types(conn: sqlite3.Connection) -> dict[int, NoteType]:
    found: dict[int, NoteType] = {}
    try:
        for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
            found[int(ntid)] = NoteType(str(name), protobuf.first_int(_blob(config), 1) == 1, [])
        for ntid, _ord, name in conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            if ntid in found:
                found[ntid].fields.append(str(name))
        for ntid, ordinal, config in conn.execute("SELECT ntid, ord, config FROM templates"):
            blob = _blob(config)
            if ntid in found:
                found[ntid].templates[int(ordinal)] = (protobuf.first_text(blob, 1), protobuf.first_text(blob, 2))
    except (ValueError, TypeError):
        pass  # a damaged config: the note types read so far are used; the rest are reported as unknown
    return found


def _blob(value: object) -> bytes:
    """A config column as bytes: only a blob is one (`bytes(n)` of an integer would allocate n bytes)."""
    return value if isinstance(value, bytes) else b""


def cards(name: str, conn: sqlite3.Connection) -> Iterator[AnkiCard]:
    query = "SELECT n.id, c.ord, n.mid, n.flds FROM cards c JOIN notes n ON n.id = c.nid ORDER BY n.id, c.ord"
    for note_id, ordinal, mid, flds in conn.execute(query):
        if not all(type(value) is int for value in (note_id, ordinal, mid)):  # SQLite keeps any type anywhere
            raise UploadProblem(f"{name}: not a readable Anki collection (a note or card has a damaged id)")
        text = flds.decode("utf-8", "replace") if isinstance(flds, bytes) else str(flds)
        yield AnkiCard(note_id, ordinal, mid, text.split("\x1f"))


def main_deck_name(conn: sqlite3.Connection) -> str | None:
    """The name of the deck holding most of the cards."""
    row = conn.execute("SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC LIMIT 1").fetchone()
    if row is None:
        return None
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "decks" in tables:
        found = conn.execute("SELECT name FROM decks WHERE id = ?", (row[0],)).fetchone()
        return str(found[0]).replace("\x1f", "::") if found else None
    try:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0] or "{}")
    except (ValueError, TypeError, RecursionError):
        return None
    deck = decks.get(str(row[0])) if isinstance(decks, dict) else None
    return str(deck.get("name")) if isinstance(deck, dict) and deck.get("name") else None


def limits_check(name: str, conn: sqlite3.Connection, limits: Limits) -> None:
    total = card_count(conn)
    if total > limits.max_cards:
        raise UploadProblem(f"{name}: {total:,} cards; at most {limits.max_cards:,} in one deck")
