"""A deck of one true/false card, for tests of how long statements and titles fit Telegram's messages."""

from __future__ import annotations

import json
from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from tests.conftest import FakeClock


def import_owls(engine: QuizEngine, clock: FakeClock, folder: Path, *, statement: str, title: str = "Owls") -> None:
    """Import deck `owls`: its one card, `night`, states `statement` (true)."""
    deck = f"""deck: owls
title: {json.dumps(title, ensure_ascii=False)}
sources:
  - id: s
    title: S
    ref: R
cards:
  - id: night
    type: truefalse
    statement: {json.dumps(statement, ensure_ascii=False)}
    answer: true
    explanation: Most owls are nocturnal.
    source: s
"""
    (folder / "owls.yaml").write_text(deck)
    loaded = load_decks([folder / "owls.yaml"])
    assert loaded.ok, loaded.errors
    with engine.db.transaction() as session:
        import_decks(session, loaded.decks, now=clock.now)
