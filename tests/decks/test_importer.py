"""import_decks: keys keep history, unchanged re-imports write nothing, retire or prune removed cards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from studybot.decks.importer import DeckReport, import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.storage.db import Database
from studybot.storage.models import Card, CardState
from tests.conftest import DATA

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@contextmanager
def count_writes(db: Database) -> Iterator[list[str]]:
    writes: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield writes
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


async def run_import(db: Database, *paths: Path, prune: bool = False, dry_run: bool = False) -> list[str]:
    result = load_decks(paths)
    assert result.ok, result.errors
    with db.transaction() as session:
        reports = import_decks(session, result.decks, now=NOW, prune=prune, dry_run=dry_run)
    return [str(r) for r in reports]


async def test_first_import_then_unchanged_reimport_writes_nothing(db: Database) -> None:
    assert await run_import(db, DATA / "physics.yaml") == ["physics: 5 added, 0 updated, 0 unchanged, 0 retired"]
    with count_writes(db) as writes:
        assert await run_import(db, DATA / "physics.yaml") == ["physics: 0 added, 0 updated, 5 unchanged, 0 retired"]
    assert writes == []


async def test_dry_run_reports_but_writes_nothing(db: Database) -> None:
    with count_writes(db) as writes:
        assert await run_import(db, DATA / "physics.yaml", dry_run=True) == [
            "physics: 5 added, 0 updated, 0 unchanged, 0 retired"
        ]
    assert writes == []


async def test_edits_keep_history_and_removed_cards_retire_or_prune(
    db: Database, tmp_path: Path, engine: QuizEngine
) -> None:
    from studybot.engine.replies import Learner, Prompt

    ana = Learner("console", "ana")
    await engine.subscribe(ana, "physics")
    prompt = await engine.next(ana)
    assert isinstance(prompt, Prompt)
    await engine.answer(ana, "1")  # a review of speed-of-light

    text = (DATA / "physics.yaml").read_text()
    edited = text.replace("c is about 299,792 km/s.", "c is exactly 299,792,458 m/s.")
    edited = edited[: edited.index("  - id: entropy")]  # the flashcard is removed
    path = tmp_path / "physics.yaml"
    path.write_text(edited)

    assert await run_import(db, path) == [
        "physics: 0 added, 1 updated, 3 unchanged, 1 retired\n  updated: speed-of-light\n  retired: entropy"
    ]
    with db.transaction() as session:
        states = (session.scalars(select(CardState))).all()
        assert [s.card_id for s in states] == [prompt.card_id]  # history kept across the edit
        retired = (session.scalars(select(Card.key).where(Card.retired.is_(True)))).all()
        assert retired == ["entropy"]
    assert await run_import(db, path, prune=True) == [
        "physics: 0 added, 0 updated, 4 unchanged, 0 retired, 1 deleted\n  deleted: entropy"
    ]
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Card).where(Card.deck_id == "physics")) == 4

    assert await run_import(db, DATA / "physics.yaml") == [
        "physics: 1 added, 1 updated, 3 unchanged, 0 retired\n  updated: speed-of-light"
    ]


async def test_a_retired_card_that_returns_is_live_again(db: Database, tmp_path: Path) -> None:
    text = (DATA / "chemistry.yaml").read_text()
    path = tmp_path / "chemistry.yaml"
    path.write_text(text[: text.index("  - id: ph-neutral")])
    await run_import(db, DATA / "chemistry.yaml")
    assert await run_import(db, path) == [
        "chemistry: 0 added, 0 updated, 2 unchanged, 1 retired\n  retired: ph-neutral"
    ]
    assert await run_import(db, DATA / "chemistry.yaml") == [
        "chemistry: 0 added, 1 updated, 2 unchanged, 0 retired\n  updated: ph-neutral"
    ]


def test_report_text() -> None:
    assert str(DeckReport("x", 1, 2, 3, 4)) == "x: 1 added, 2 updated, 3 unchanged, 4 retired"
