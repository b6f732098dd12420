"""Next-card pick for one learner with 10,000 cards and 100,000 reviews: p50 / p99 latency."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

from sqlalchemy import delete, insert, select, text

from benchmarks.common import database, generated_deck, percentile, postgres, sqlite
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Prompt
from studybot.storage import queue, unseen
from studybot.storage.db import Database
from studybot.storage.models import Card, CardState, PendingPrompt, ReviewLog, Subscription, User

CARDS, REVIEWS, RUNS = 10_000, 100_000, 400
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
LEARNER = Learner("console", "heavy")


def populate(db: Database, deck_file: Path, *, all_seen: bool) -> int:
    """One learner who has seen every card (or all but the last ten) and has REVIEWS review logs."""
    rng = Random(1)
    result = load_decks([deck_file])
    with db.transaction() as session:
        import_decks(session, result.decks, now=NOW)
        session.execute(insert(User).values(platform="console", external_id="heavy", created_at=NOW))
        user_id = session.scalar(select(User.id))
        session.execute(insert(Subscription).values(user_id=user_id, deck_id="bench", created_at=NOW))
        card_ids = session.scalars(select(Card.id).order_by(Card.position)).all()
        seen = card_ids if all_seen else card_ids[:-10]
        states = [
            {
                "user_id": user_id,
                "card_id": cid,
                "state": 2,
                "step": None,
                "stability": 10.0,
                "difficulty": 5.0,
                # all_seen: a tenth are overdue; otherwise nothing is due and the pick falls to new cards
                "due": NOW + timedelta(days=rng.uniform(-30, 335) if all_seen else rng.uniform(1, 365)),
                "last_review": NOW - timedelta(days=5),
                "reps": 10,
                "lapses": 0,
                "suspended": False,
            }
            for cid in seen
        ]
        for start in range(0, len(states), 2000):
            session.execute(insert(CardState), states[start : start + 2000])
        logs = [
            {
                "user_id": user_id,
                "card_id": seen[i % len(seen)],
                "nonce": "x",
                "rating": 3,
                "answer": None,
                "correct": True,
                "was_new": i < len(seen),
                "overridden": False,
                "reviewed_at": NOW - timedelta(minutes=rng.uniform(10, 525_600)),
                "duration_ms": 1000,
                "platform": "console",
                "previous": None,
            }
            for i in range(REVIEWS)
        ]
        for start in range(0, len(logs), 5000):
            session.execute(insert(ReviewLog), logs[start : start + 5000])
    with db.transaction() as session:
        session.execute(text("ANALYZE"))  # a live database has statistics (autovacuum, PRAGMA optimize)
    return int(user_id or 0)


async def time_picks(db: Database, user_id: int, engine: QuizEngine) -> tuple[list[float], list[float]]:
    pick, full = [], []
    for _ in range(RUNS):
        with db.transaction() as session:
            started = time.perf_counter()
            card = queue.most_overdue(session, user_id, NOW) or unseen.first_new(session, user_id, NOW)
            pick.append((time.perf_counter() - started) * 1000)
            assert card is not None
        started = time.perf_counter()
        prompt = await engine.next(LEARNER)
        full.append((time.perf_counter() - started) * 1000)
        assert isinstance(prompt, Prompt)
        with db.transaction() as session:
            session.execute(delete(PendingPrompt))
    return pick, full


async def measure(url: str, deck_file: Path, *, all_seen: bool) -> str:
    async with database(url) as db:
        user_id = populate(db, deck_file, all_seen=all_seen)
        engine = QuizEngine(db, clock=lambda: NOW, rng=Random(2))
        pick, full = await time_picks(db, user_id, engine)
    return (
        f"pick p50 {percentile(pick, 0.5):.2f} ms, p99 {percentile(pick, 0.99):.2f} ms; "
        f"whole /quiz call p50 {percentile(full, 0.5):.2f} ms, p99 {percentile(full, 0.99):.2f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = generated_deck(Path(tmp) / "bench.yaml", CARDS)
        for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
            for all_seen, case in ((True, "due reviews waiting"), (False, "nothing due, 10 new cards at the end")):
                with backend() as url:
                    figures = asyncio.run(measure(url, deck, all_seen=all_seen))
                print(f"next card, {CARDS} cards / {REVIEWS} reviews, {case} [{name}]: {figures}")


if __name__ == "__main__":
    main()
