"""Shared helpers for the benchmark scripts: generated decks, databases on both backends, percentiles."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import psycopg
import yaml

from studybot.storage.db import Database
from tests.pg import postgres_server


def generated_deck(path: Path, cards: int, deck_id: str = "bench") -> Path:
    """A deck of `cards` cards cycling through the five types."""
    items = []
    for i in range(cards):
        base = {"id": f"c{i}", "source": "gen", "explanation": f"Because {i}."}
        match i % 5:
            case 0:
                items.append(
                    {**base, "type": "mcq", "question": f"Q{i}?", "choices": ["A", "B", "C", "D"], "answer": "A"}
                )
            case 1:
                items.append({**base, "type": "truefalse", "statement": f"S{i}.", "answer": i % 2 == 0})
            case 2:
                items.append({**base, "type": "short", "question": f"Q{i}?", "answers": [f"word{i}"]})
            case 3:
                items.append({**base, "type": "cloze", "text": f"Cloze {i} {{{{gap{i}}}}} end."})
            case _:
                items.append({**base, "type": "flashcard", "front": f"F{i}", "back": f"B{i}"})
    deck = {
        "deck": deck_id,
        "title": f"Generated {cards}",
        "sources": [{"id": "gen", "title": "Gen", "ref": "Generated for the benchmarks."}],
        "cards": items,
    }
    path.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False))
    return path


@contextmanager
def postgres() -> Iterator[str]:
    with postgres_server() as server:
        with psycopg.connect(
            server.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench")
            conn.execute("CREATE DATABASE bench")
        yield f"{server}/bench"


@contextmanager
def sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite+aiosqlite:///{tmp}/bench.db"


@asynccontextmanager
async def database(url: str) -> AsyncIterator[Database]:
    db = Database(url)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.close()


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]
