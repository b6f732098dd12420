"""/stats with its picture for one learner with 100,000 reviews: the chart's data queries and the drawing,
timed apart (p50 / p99 wall clock, and p50 CPU time, steadier on a shared machine), plus the whole /stats
call and the first drawing (which loads the fonts). Two spreads of the same reviews: over a year (about
8,000 in the chart's 30 days) and over 45 days (a heavy month: about 66,000 in its 30 days)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

from sqlalchemy import insert, select, text

from benchmarks.common import database, generated_deck, percentile, postgres, sqlite
from studybot.adapters import chart
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.charts import progress_chart
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Headline, Learner, ProgressChart, Stats
from studybot.engine.turn import EngineSettings, Turn
from studybot.srs import Srs
from studybot.storage import repo
from studybot.storage.db import Database
from studybot.storage.models import Card, CardState, ReviewLog, Subscription, User

CARDS, REVIEWS, RUNS = 10_000, 100_000, 30
SPREADS = (365, 45)  # days the reviews are spread over
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
LEARNER = Learner("console", "heavy")


def populate(db: Database, deck_file: Path, days: int) -> None:
    """A learner who has seen every card, reviewed REVIEWS times over `days` (a tenth forgotten)."""
    rng = Random(1)
    with db.transaction() as session:
        import_decks(session, load_decks([deck_file]).decks, now=NOW)
        session.execute(
            insert(User).values(platform="console", external_id="heavy", created_at=NOW, timezone="Europe/Berlin")
        )
        user_id = session.scalar(select(User.id))
        session.execute(insert(Subscription).values(user_id=user_id, deck_id="bench", created_at=NOW))
        card_ids = session.scalars(select(Card.id).order_by(Card.position)).all()
        states = [
            {"user_id": user_id, "card_id": cid, "state": 2, "stability": 10.0, "difficulty": 5.0, "reps": 10,
             "due": NOW + timedelta(days=rng.uniform(-3, 60)), "last_review": NOW, "lapses": 0, "suspended": False}
            for cid in card_ids
        ]  # fmt: skip
        session.execute(insert(CardState), states)
        logs = [
            {"user_id": user_id, "card_id": card_ids[i % CARDS], "nonce": "x", "rating": 1 if rng.random() < 0.1 else 3,
             "answer": None, "correct": None, "was_new": i < CARDS, "overridden": False, "duration_ms": 1000,
             "reviewed_at": NOW - timedelta(minutes=rng.uniform(1, days * 1440)), "platform": "console",
             "previous": None}
            for i in range(REVIEWS)
        ]  # fmt: skip
        logs.sort(key=lambda log: log["reviewed_at"])  # as a live database appends them: in time order
        for start in range(0, len(logs), 5000):
            session.execute(insert(ReviewLog), logs[start : start + 5000])
    with db.transaction() as session:
        session.execute(text("ANALYZE"))


def chart_data(db: Database) -> tuple[ProgressChart, float, float]:
    """The chart's figures, as /stats computes them, and the wall and CPU milliseconds that took."""
    with db.transaction() as session:
        user = repo.find_user(session, LEARNER.platform, LEARNER.external_id)
        assert user is not None
        turn = Turn(session, user, LEARNER, NOW, Random(1), Srs(Random(1)), EngineSettings())
        wall, cpu = time.perf_counter(), time.process_time()
        data = progress_chart(turn, Headline(12, 40, 0.9))
        wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    assert data is not None
    return data, wall, cpu


def draw(data: ProgressChart) -> tuple[bytes, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    picture = chart.png(data)
    return picture, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def measure(url: str, deck_file: Path, days: int) -> str:
    async with database(url) as db:
        populate(db, deck_file, days)
        engine = QuizEngine(db, clock=lambda: NOW, rng=Random(2))
        query_wall, query_cpu, draw_wall, draw_cpu, whole = [], [], [], [], []
        _, first, _ = draw(chart_data(db)[0])  # the first drawing loads the fonts
        for _ in range(RUNS):
            data, wall, cpu = chart_data(db)
            query_wall.append(wall)
            query_cpu.append(cpu)
            picture, wall, cpu = draw(data)
            draw_wall.append(wall)
            draw_cpu.append(cpu)
            started = time.perf_counter()
            assert isinstance(await engine.stats(LEARNER), Stats)
            whole.append((time.perf_counter() - started) * 1000)
        in_window = sum(day.right + day.wrong for day in data.reviews)
    return (
        f"{in_window} reviews in the chart: data p50 {percentile(query_wall, 0.5):.0f} ms "
        f"(CPU {percentile(query_cpu, 0.5):.0f}), p99 {percentile(query_wall, 0.99):.0f} ms; "
        f"drawing p50 {percentile(draw_wall, 0.5):.0f} ms (CPU {percentile(draw_cpu, 0.5):.0f}), "
        f"p99 {percentile(draw_wall, 0.99):.0f} ms; {len(picture) // 1024} kB PNG; first drawing {first:.0f} ms "
        f"(loads the fonts); whole /stats reply without drawing p50 {percentile(whole, 0.5):.0f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = generated_deck(Path(tmp) / "bench.yaml", CARDS)
        for days in SPREADS:
            for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
                with backend() as url:
                    figures = asyncio.run(measure(url, deck, days))
                print(f"stats picture, {REVIEWS} reviews over {days} days [{name}]: {figures}", flush=True)


if __name__ == "__main__":
    main()
