"""Daily pushes: claiming among 1,000,000 learners on PostgreSQL, fan-out against a rate-limited platform,
and the memory of a process running the push ticker over 100,000 learners."""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

from aiolimiter import AsyncLimiter
from sqlalchemy import func, select, text

from benchmarks.common import database, percentile, postgres, sqlite
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Reply
from studybot.push.claims import claim_due
from studybot.push.delivery import DeliveryResult
from studybot.push.planner import Planner
from studybot.push.ticker import PushTicker
from studybot.storage.db import Database
from studybot.storage.models import PushLog
from tests.conftest import load_test_decks

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
GRACE = timedelta(hours=2)
REPO = Path(__file__).parent.parent

_SEED_USERS = """
INSERT INTO users (platform, external_id, display_name, timezone, push_time, new_per_day, desired_retention,
                   paused, blocked, created_at, polls, push_threshold)
SELECT 'telegram', 'u' || g, '', 'UTC', :due_hhmm, 20, 0.9, false, false, :now, false, 1
FROM generate_series(1, :count) AS g
"""
_SEED_SCHEDULE = """
INSERT INTO push_schedule (user_id, platform, push_time, timezone, next_push_at)
SELECT id, platform, push_time, timezone, CASE WHEN id % :every = 0 THEN CAST(:due AS TIMESTAMP)
                          ELSE CAST(:later AS TIMESTAMP) + (id % 1440) * INTERVAL '1 minute' END
FROM users
"""
_SEED_SQLITE = """
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :count)
INSERT INTO users (platform, external_id, display_name, timezone, push_time, new_per_day, desired_retention,
                   paused, blocked, created_at, polls, push_threshold)
SELECT 'telegram', 'u' || n, '', 'UTC', :due_hhmm, 20, 0.9, 0, 0, :now, 0, 1
FROM g
"""
_SEED_SCHEDULE_SQLITE = """
INSERT INTO push_schedule (user_id, platform, push_time, timezone, next_push_at)
SELECT id, platform, push_time, timezone,
       CASE WHEN id % :every = 0 THEN :due ELSE datetime(:later, '+' || (id % 1440) || ' minutes') END
FROM users
"""
_SUBSCRIBE = "INSERT INTO subscriptions (user_id, deck_id, created_at, new_cursor) SELECT id, :deck, :now, 0 FROM users"


def seed(db: Database, count: int, due_every: int, *, subscribe: bool) -> None:
    """`count` learners; every `due_every`-th is due a minute ago, the others some time tomorrow."""
    due = NOW - timedelta(minutes=1)
    params = {
        "count": count,
        "every": due_every,
        "due_hhmm": due.strftime("%H:%M"),
        "now": NOW.replace(tzinfo=None),
        "due": due.replace(tzinfo=None),
        "later": (NOW + timedelta(days=1)).replace(tzinfo=None, hour=0, minute=0),
    }
    postgres_ = db.engine.dialect.name == "postgresql"
    users, schedule = (_SEED_USERS, _SEED_SCHEDULE) if postgres_ else (_SEED_SQLITE, _SEED_SCHEDULE_SQLITE)
    if subscribe:
        load_test_decks(db, NOW, "physics")
    with db.transaction() as session:
        session.execute(text(users), params)
        session.execute(text(schedule), params)
        if subscribe:
            session.execute(text(_SUBSCRIBE), {"deck": "physics", "now": NOW.replace(tzinfo=None)})
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def bench_claims() -> None:
    """1,000,000 learners on PostgreSQL: claim everyone due in one minute, in fan-out-sized batches (16, the
    planner's concurrency) and in big ones. A typical minute has 1/1440 of the learners due; a popular one 1%."""
    with postgres() as url:
        db = Database(url)
        db.upgrade_blocking()
        started = time.perf_counter()
        seed(db, 1_000_000, 1440, subscribe=False)
        print(f"push claims: seeded 1,000,000 learners in {time.perf_counter() - started:.1f} s")
        for every, minute in ((1440, "a typical minute"), (100, "a popular minute")):
            for batch in (16, 500):
                _make_due(db, every)
                samples, claimed = [], 0
                while True:
                    began = time.perf_counter()
                    with db.transaction() as session:
                        got = claim_due(session, NOW, platforms=frozenset({"telegram"}), limit=batch, grace=GRACE)
                    samples.append(time.perf_counter() - began)
                    if not got:
                        break
                    claimed += len(got)
                print(
                    f"push claims, PostgreSQL, 1M learners, {minute}: {claimed} due claimed in batches of {batch} "
                    f"in {sum(samples):.2f} s; per batch p50 {percentile(samples, 0.5) * 1000:.1f} ms, "
                    f"p99 {percentile(samples, 0.99) * 1000:.1f} ms"
                )
        db.close_blocking()


def _make_due(db: Database, every: int) -> None:
    """Every `every`-th learner due a minute ago again, with no push logged; then let PostgreSQL tidy up."""
    due = (NOW - timedelta(minutes=1)).replace(tzinfo=None)
    with db.transaction() as session:
        session.execute(text("DELETE FROM push_log"))
        session.execute(
            text(
                "UPDATE push_schedule SET next_push_at = :later, queued_day = NULL, queued_at = NULL,"
                " queued_by = NULL, queued_due = NULL WHERE next_push_at < :later OR queued_day IS NOT NULL"
            ),
            {"later": due + timedelta(days=1)},
        )
        session.execute(
            text("UPDATE push_schedule SET next_push_at = :due WHERE user_id % :every = 0"),
            {"due": due, "every": every},
        )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE push_schedule"))


class PacedPlatform:
    """A platform allowing `rate` sends a second with bursts up to `rate` (a token bucket; an empty bucket
    answers 429), behind an adapter-side limiter like python-telegram-bot's AIORateLimiter (aiolimiter),
    with `latency` per request."""

    platform = "telegram"

    def __init__(self, rate: float, latency: float = 0.05, expected: int = 0) -> None:
        self.limiter = AsyncLimiter(rate, 1.0)
        self.rate, self.latency = rate, latency
        self.tokens, self.refilled = rate, time.monotonic()
        self.sent: list[float] = []
        self.rejected = 0
        self.expected, self.all_sent = expected, asyncio.Event()

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        async with self.limiter:
            if not self._take_token():
                self.rejected += 1
                return DeliveryResult.RETRY
            self.sent.append(time.monotonic())
            if len(self.sent) == self.expected:
                self.all_sent.set()
        await asyncio.sleep(self.latency)
        return DeliveryResult.SENT

    def _take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens < 0.99:  # a hair of tolerance for the two clocks' rounding
            return False
        self.tokens -= 1
        return True


async def fan_out_rate(url: str, rate: float, learners: int) -> tuple[float, float, int]:
    """Pushes per second over the whole tick, after the platform's initial burst, and the 429s."""
    async with database(url) as db:
        seed(db, learners, 1, subscribe=True)
        engine = QuizEngine(db, clock=lambda: datetime.now(UTC), rng=Random(3))
        platform = PacedPlatform(rate)
        planner = Planner(engine, {"telegram": platform}, clock=lambda: datetime.now(UTC), grace=GRACE)
        started = time.perf_counter()
        report = await planner.tick()
        elapsed = time.perf_counter() - started
        assert report["sent"] == learners, report
    burst = min(int(rate), learners // 2)
    sustained = (learners - 1 - burst) / (platform.sent[-1] - platform.sent[burst])
    return learners / elapsed, sustained, platform.rejected


def bench_fan_out() -> None:
    for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
        for rate, learners in ((30, 600), (50, 1000)):  # Telegram's bulk rate, Discord's global rate
            with backend() as url:
                overall, sustained, rejected = asyncio.run(fan_out_rate(url, rate, learners))
            print(
                f"push fan-out, {name}: {learners} pushes against a {rate}/s platform: sustained {sustained:.1f}/s "
                f"({sustained / rate:.0%} of the rate; {overall:.1f}/s with the initial burst), {rejected} 429s"
            )
        with backend() as url:
            overall, _, _ = asyncio.run(fan_out_rate(url, 100_000, 2000))
        print(f"push fan-out, {name}: unthrottled platform: {overall:.0f} pushes/s (the planner's own ceiling)")


@contextmanager
def hundred_thousand_learners() -> Iterator[str]:
    with sqlite() as url:
        db = Database(url)
        db.upgrade_blocking()
        seed(db, 100_000, 100, subscribe=True)  # 1,000 of them due now
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(PushLog)) == 0
        db.close_blocking()
        yield url


async def run_ticker(url: str) -> dict[str, float]:
    import discord  # a running bot has both platforms' libraries loaded
    import telegram.ext

    del discord, telegram
    db = Database(url)
    engine = QuizEngine(db, clock=lambda: datetime.now(UTC), rng=Random(3))
    platform = PacedPlatform(1000, latency=0.0, expected=1000)
    ticker, stop = (
        PushTicker(Planner(engine, {"telegram": platform}, clock=lambda: datetime.now(UTC), grace=GRACE)),
        asyncio.Event(),
    )
    serving = asyncio.create_task(ticker.serve(stop))
    await platform.all_sent.wait()
    stop.set()
    await serving
    await db.close()
    return {"sent": len(platform.sent), "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def bench_memory() -> None:
    with hundred_thousand_learners() as url:
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_push", "--ticker", url],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    figures = json.loads(child.stdout.splitlines()[-1])
    print(
        f"push ticker memory: a process serving the ticker over 100,000 learners (after pushing "
        f"{figures['sent']:.0f}): max RSS {figures['max_rss_mb']:.0f} MB"
    )


def main() -> None:
    bench_claims()
    bench_fan_out()
    bench_memory()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ticker"]:
        print(json.dumps(asyncio.run(run_ticker(sys.argv[2]))))
    else:
        main()
