"""Import of a generated 5,000-card deck, then an unchanged re-import (time and number of writes)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.common import database, generated_deck, postgres, sqlite
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks

CARDS = 5000


async def measure(url: str, deck_file: Path) -> dict[str, float]:
    async with database(url) as db:
        started = time.perf_counter()
        result = load_decks([deck_file])
        loaded = time.perf_counter()
        await db.run(lambda session: import_decks(session, result.decks, now=datetime.now(UTC)))
        imported = time.perf_counter()

        writes: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
                writes.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        again_start = time.perf_counter()
        result = load_decks([deck_file])
        reports = await db.run(lambda session: import_decks(session, result.decks, now=datetime.now(UTC)))
        again_end = time.perf_counter()
        assert reports[0].unchanged == CARDS
        return {
            "parse+validate s": loaded - started,
            "first import s": imported - started,
            "unchanged re-import s": again_end - again_start,
            "writes in re-import": len(writes),
        }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = generated_deck(Path(tmp) / "bench.yaml", CARDS)
        for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
            with backend() as url:
                figures = asyncio.run(measure(url, deck))
            print(
                f"import {CARDS} cards [{name}]: "
                + ", ".join(f"{k} = {v:.3f}" if isinstance(v, float) else f"{k} = {v}" for k, v in figures.items())
            )


if __name__ == "__main__":
    main()
