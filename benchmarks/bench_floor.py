"""The floor under the answer path: the statements one answer needs at minimum, sent with the bare
driver (the `sqlite3` module, psycopg), no ORM, one transaction per answer, 20 learners at once, on the
project's own schema. The engine's answers/s is measured in the same run and printed as a share of it.

Per answer: claim the open question, read the card's state, log the review, write the new state, pick
the next card (a due review, else the first unseen), record it as the open question. No scheduling
maths: this is what the database and its driver cost, what the engine could do at best.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from benchmarks import bench_answers
from benchmarks.bench_answers import ANSWERS_EACH, LEARNERS, NOW, Throughput
from benchmarks.common import generated_deck, postgres, sqlite
from studybot.storage.engines import sync_url, workers_for

CLAIM = "DELETE FROM pending_prompts WHERE user_id = ? AND nonce = ? RETURNING card_id, shown_at"
STATE = "SELECT state, stability, difficulty, due, reps, lapses FROM card_states WHERE user_id = ? AND card_id = ?"
LOG = (
    "INSERT INTO review_logs (user_id, card_id, nonce, rating, answer, correct, was_new, overridden, reviewed_at,"
    " duration_ms, platform, previous, hints, cram) VALUES (?, ?, ?, 3, NULL, TRUE, ?, FALSE, ?, 1000, 'bench',"
    " NULL, 0, FALSE)"
)
SAVE = (
    "INSERT INTO card_states (user_id, card_id, state, step, stability, difficulty, due, last_review, reps, lapses,"
    " suspended) VALUES (?, ?, 2, NULL, ?, 5.0, ?, ?, ?, 0, FALSE) ON CONFLICT (user_id, card_id) DO UPDATE SET"
    " state = excluded.state, stability = excluded.stability, due = excluded.due,"
    " last_review = excluded.last_review, reps = excluded.reps"
)
PICK = (
    "SELECT id FROM (SELECT * FROM (SELECT card_id AS id, 0 AS k FROM card_states WHERE user_id = ?"
    " AND suspended = FALSE AND due <= ? ORDER BY due LIMIT 1) AS d UNION ALL SELECT * FROM (SELECT c.id, 1 AS k"
    " FROM cards c WHERE c.deck_id = 'bench' AND c.retired = FALSE AND NOT EXISTS (SELECT 1 FROM card_states s"
    " WHERE s.user_id = ? AND s.card_id = c.id) ORDER BY c.position LIMIT 1) AS n) AS q ORDER BY k LIMIT 1"
)
RECORD = (
    "INSERT INTO pending_prompts (user_id, nonce, card_id, choice_order, revealed, hint_used, hints, shown_at,"
    " expires_at, message_ids, cram) VALUES (?, ?, ?, NULL, FALSE, FALSE, 0, ?, ?, NULL, FALSE)"
)


class Driver:
    """One bare connection per worker: the statements in the driver's parameter style, its timestamps."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        plain = make_url(sync_url(url))
        self.target = plain.database if self.sqlite else plain.set(drivername="postgresql").render_as_string(False)

    def connect(self) -> Any:
        if self.sqlite:
            conn = sqlite3.connect(str(self.target), isolation_level=None, check_same_thread=False, timeout=10)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        return psycopg.connect(str(self.target), autocommit=True, prepare_threshold=0)

    def sql(self, statement: str) -> str:
        return statement if self.sqlite else statement.replace("?", "%s")

    def stamp(self, moment: datetime) -> Any:
        naive = moment.replace(tzinfo=None)
        return naive.isoformat(" ", "microseconds") if self.sqlite else naive


def answer(driver: Driver, conn: Any, user_id: int, turn: int) -> None:
    """One answer in one transaction: the six statements."""
    now = NOW + timedelta(seconds=turn)
    conn.execute("BEGIN IMMEDIATE" if driver.sqlite else "BEGIN")
    card_id, _shown = conn.execute(driver.sql(CLAIM), (user_id, f"n{turn - 1}")).fetchone()
    before = conn.execute(driver.sql(STATE), (user_id, card_id)).fetchone()
    conn.execute(driver.sql(LOG), (user_id, card_id, f"n{turn - 1}", before is None, driver.stamp(now)))
    reps = 1 if before is None else before[4] + 1
    due = driver.stamp(now + timedelta(days=reps))
    conn.execute(driver.sql(SAVE), (user_id, card_id, 10.0 * reps, due, driver.stamp(now), reps))
    (next_id,) = conn.execute(driver.sql(PICK), (user_id, driver.stamp(now), user_id)).fetchone()
    conn.execute(driver.sql(RECORD), (user_id, f"n{turn}", next_id, driver.stamp(now), due))
    conn.execute("COMMIT")


def worker(driver: Driver, users: list[int], lock: AbstractContextManager[Any]) -> int:
    conn = driver.connect()
    try:
        for turn in range(1, ANSWERS_EACH + 1):
            for user_id in users:
                with lock:
                    answer(driver, conn, user_id, turn)
    finally:
        conn.close()
    return len(users) * ANSWERS_EACH


def run_floor(url: str) -> Throughput:
    driver = Driver(url)
    users = _open_learners(driver)
    lock: AbstractContextManager[Any] = threading.Lock() if driver.sqlite else nullcontext()
    workers = workers_for(url)
    shares = [users[i::workers] for i in range(workers)]
    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(workers) as pool:
        answered = sum(pool.map(lambda share: worker(driver, share, lock), shares))
    return Throughput(answered / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / answered)


def _open_learners(driver: Driver) -> list[int]:
    """LEARNERS bench users, subscribed, each asked the deck's first card (nonce "n0")."""
    conn = driver.connect()
    try:
        conn.execute("BEGIN")
        users = []
        for i in range(LEARNERS):
            row = conn.execute(
                driver.sql(
                    "INSERT INTO users (platform, external_id, display_name, timezone, push_time, new_per_day,"
                    " desired_retention, paused, blocked, created_at, polls, push_threshold) VALUES ('bench', ?, '',"
                    " 'UTC', '09:00', 1000, 0.9, FALSE, FALSE, ?, FALSE, 1) RETURNING id"
                ),
                (f"floor{i}", driver.stamp(NOW)),
            ).fetchone()
            users.append(row[0])
            conn.execute(
                driver.sql(
                    "INSERT INTO subscriptions (user_id, deck_id, created_at, new_cursor) VALUES (?, 'bench', ?, 0)"
                ),
                (row[0], driver.stamp(NOW)),
            )
            (first,) = conn.execute(driver.sql(PICK), (row[0], driver.stamp(NOW), row[0])).fetchone()
            conn.execute(driver.sql(RECORD), (row[0], "n0", first, driver.stamp(NOW), driver.stamp(NOW)))
        conn.execute("COMMIT")
        return users
    finally:
        conn.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = generated_deck(Path(tmp) / "bench.yaml", 1000)
        for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
            with backend() as url:
                engine = asyncio.run(
                    bench_answers.measure(url, deck)
                )  # imports the deck; the floor's learners come after
                floor = run_floor(url)
            print(
                f"answer floor [{name}], bare driver, {LEARNERS} learners: {floor.rate:.0f} answers/s,"
                f" {floor.cpu_ms:.2f} ms CPU each; the engine: {engine.rate:.0f} answers/s,"
                f" {engine.cpu_ms:.2f} ms CPU each = {engine.rate / floor.rate:.2f}x the floor"
                f" (by CPU: {floor.cpu_ms / engine.cpu_ms:.2f}x)"
            )


if __name__ == "__main__":
    main()
