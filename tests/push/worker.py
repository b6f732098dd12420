"""One `studybot` process's push tick, for the multi-process tests: python -m tests.push.worker URL LOG ...

Its platform is a file: each delivery appends the learner's id to LOG (one write, so a SIGKILL leaves
whole lines) after waiting DELAY seconds, which keeps CONCURRENCY sends in flight for a kill to land on.
LEASE: seconds after which pushes queued by a process that stopped are taken over. HANG_AFTER: after this
many lines, sends never finish, so a kill lands on a full set of sends in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from datetime import UTC, datetime, timedelta
from random import Random

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Reply
from studybot.push.delivery import DeliveryResult
from studybot.push.planner import Planner
from studybot.storage.db import Database


class FileDelivery:
    platform = "telegram"

    def __init__(self, path: str, delay: float, hang_after: int | None) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        self.delay, self.hang_after, self.written = delay, hang_after, 0

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        await asyncio.sleep(self.delay)
        if self.hang_after is not None and self.written >= self.hang_after:
            await asyncio.Event().wait()  # the platform stops answering: these sends stay in flight
        os.write(self.fd, f"{external_id}\n".encode())
        self.written += 1
        return DeliveryResult.SENT


async def main(url: str, log: str, concurrency: int, delay: float, lease: float, hang_after: int | None) -> None:
    db = Database(url)
    engine = QuizEngine(db, clock=lambda: datetime.now(UTC), rng=Random(1))
    planner = Planner(
        engine,
        {"telegram": FileDelivery(log, delay, hang_after)},
        clock=lambda: datetime.now(UTC),
        grace=timedelta(hours=2),
        concurrency=concurrency,
        lease=timedelta(seconds=lease),
    )
    print("ready", flush=True)
    report = await planner.tick()
    await db.close()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("log")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--lease", type=float, default=600.0, help="seconds before a stopped process's queue is taken")
    parser.add_argument("--hang-after", type=int, default=None, help="sends that never finish after this many")
    args = parser.parse_args()
    asyncio.run(main(args.url, args.log, args.concurrency, args.delay, args.lease, args.hang_after))
