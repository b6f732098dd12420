"""One push tick: claim due learners, build each one's push, deliver it, and record how it went.

A claimed push is recorded "claimed" before its send and "sent" (or blocked / failed / skipped) after.
If the process dies in between, the row stays "claimed" and is never retried: the learner may miss that
day's push, but never gets it twice. See docs/pushes.md for why.

Only platforms that are up are claimed for (`deliveries` may be a live view of them); a claim whose
platform went down before its send is released, so the learner is due again, not silently dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.claims import Claim, claim_due, finish, release
from studybot.push.delivery import Delivery, DeliveryResult
from studybot.push.fanout import RetryPolicy, Sleep, deliver_with_retry, fan_out
from studybot.push.reschedule import schedule_unscheduled

log = logging.getLogger(__name__)
DEFAULT_CONCURRENCY = 16
_STATUS = {DeliveryResult.SENT: "sent", DeliveryResult.BLOCKED: "blocked", DeliveryResult.FAILED: "failed"}


class Planner:
    """Pushes for the platforms in `deliveries`, built by `engine` and claimed in its database."""

    def __init__(
        self,
        engine: QuizEngine,
        deliveries: Mapping[str, Delivery],
        *,
        clock: Callable[[], datetime],
        grace: timedelta,
        concurrency: int = DEFAULT_CONCURRENCY,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.engine = engine
        self.deliveries = deliveries  # read at each claim and send: a platform may go down or come back
        self.clock = clock
        self.grace = grace
        self.concurrency = concurrency
        self.retry = retry or RetryPolicy()
        self.sleep = sleep

    async def prepare(self) -> int:
        """Give active learners without a next push instant (rows from before push scheduling) one."""
        return await self.engine.db.run(lambda session: schedule_unscheduled(session, self.clock()))

    async def tick(self, stop: asyncio.Event | None = None) -> Counter[str]:
        """Push everyone due now; how many pushes ended in each status."""
        report: Counter[str] = Counter()
        stopping = stop or asyncio.Event()

        async def handle(claim: Claim) -> None:
            report[await self._push(claim, stopping)] += 1

        await fan_out(self._claim, handle, concurrency=self.concurrency, stop=stop)
        if report:
            log.info("push tick: %s", ", ".join(f"{n} {status}" for status, n in sorted(report.items())))
        return report

    async def _claim(self, limit: int) -> list[Claim]:
        platforms = frozenset(self.deliveries)
        return await self.engine.db.run(
            lambda session: claim_due(session, self.clock(), platforms=platforms, limit=limit, grace=self.grace)
        )

    async def _push(self, claim: Claim, stopping: asyncio.Event) -> str:
        delivery = self.deliveries.get(claim.platform)
        if delivery is None:
            return await self._release(claim)
        try:
            status = await self._attempt(claim, delivery, stopping)
        except _ShuttingDown:
            log.warning("push to learner %d given up for %s: shutting down", claim.user_id, claim.local_date)
            status = "failed"
        except Exception:
            log.exception("push to learner %d failed", claim.user_id)
            status = "failed"
        try:
            await self.engine.db.run(lambda session: finish(session, claim, status, self.clock()))
        except Exception:
            log.exception("could not record the push to learner %d as %s", claim.user_id, status)
        return status

    async def _release(self, claim: Claim) -> str:
        log.warning("push to learner %d put back: %s is down", claim.user_id, claim.platform)
        try:
            await self.engine.db.run(lambda session: release(session, claim))
        except Exception:
            log.exception("could not put back the push to learner %d; it stays claimed", claim.user_id)
        return "released"

    async def _attempt(self, claim: Claim, delivery: Delivery, stopping: asyncio.Event) -> str:
        reply = await self.engine.daily_push(Learner(claim.platform, claim.external_id))
        if reply is None:
            return "skipped"
        result = await deliver_with_retry(
            delivery, claim.external_id, reply, self.retry, lambda seconds: self._back_off(seconds, stopping)
        )
        if result is DeliveryResult.RETRY:
            attempts = 1 + len(self.retry.delays)
            log.warning(
                "push to learner %d gave up for %s after %d attempts", claim.user_id, claim.local_date, attempts
            )
            return "failed"
        return _STATUS[result]

    async def _back_off(self, seconds: float, stopping: asyncio.Event) -> None:
        """Wait before a retry, but not past a shutdown: a stopping bot does not sit out a 2-minute backoff."""
        if stopping.is_set():
            raise _ShuttingDown
        waits = {asyncio.ensure_future(self.sleep(seconds)), asyncio.ensure_future(stopping.wait())}
        _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if stopping.is_set():
            raise _ShuttingDown


class _ShuttingDown(Exception):
    """Raised out of a backoff when the bot stops; the push counts as failed for the day."""
