"""Helpers for memory-model tests: a deck of flashcards, and a learner's past reviews written to the log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.storage.db import Database
from studybot.storage.models import Card, ReviewLog, User
from tests.srs.synthetic import Answer


def load_word_deck(db: Database, folder: Path, now: datetime, cards: int = 60) -> list[int]:
    """A deck `words` of `cards` flashcards; their ids in deck order."""
    lines = ["deck: words", "title: Words", "description: Flashcards for memory-model tests."]
    lines += ["sources:", "  - id: notes", "    title: Test notes", '    ref: "Written for these tests."', "cards:"]
    for n in range(cards):
        lines += [f"  - id: w{n}", "    type: flashcard", f"    front: word {n}?", f"    back: meaning {n}"]
        lines.append("    source: notes")
    path = folder / "words.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_decks([path])
    assert result.ok, result.errors
    with db.transaction() as session:
        import_decks(session, result.decks, now=now)
        return list(session.scalars(select(Card.id).where(Card.deck_id == "words").order_by(Card.position)))


def user_id(db: Database, name: str) -> int:
    with db.transaction() as session:
        found = session.scalar(select(User.id).where(User.external_id == name))
        assert found is not None
        return found


def write_history(
    db: Database, user: int, card_ids: Sequence[int], answers: Sequence[Answer], *, cram: bool = False
) -> None:
    """`answers` (synthetic card n → card_ids[n - 1]) as logged answers of `user`."""
    rows = [
        {
            "user_id": user,
            "card_id": card_ids[answer.card - 1],
            "nonce": f"h{index}",
            "rating": answer.rating,
            "correct": None,
            "was_new": False,
            "overridden": False,
            "cram": cram,
            "reviewed_at": answer.at,
            "platform": "console",
            "hints": 0,
        }
        for index, answer in enumerate(answers)
    ]
    with db.transaction() as session:
        session.execute(insert(ReviewLog), rows)
