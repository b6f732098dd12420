"""One push tick: claim due learners in batches, build each one's push, deliver it, and record how it went.

Claims are queued (marked on their push_schedule rows) in batches of CLAIM_BATCH, up to QUEUED_AHEAD
waiting, whatever the number of send slots. A push gets its push_log row, "claimed", in the transaction that
builds its message as its send begins (push/beginning.py), and "sent" (or blocked / failed / skipped) after.
If the process dies in between, the row stays "claimed" and is never retried: the learner may miss that
day's push, but never gets it twice (docs/pushes.md says why; a push the platform refused whole as the bot
stopped is undone instead, push/unsent.py); pushes still queued were never begun, and another process takes
them over after the lease (push/takeover.py).

Only platforms that are up are claimed for (`deliveries` may be a live view of them); a queued push whose
platform went down, or that is still waiting when the process stops, is put back: the learner is due again,
not silently dropped.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Notice
from studybot.heap import give_back_free_memory
from studybot.push.beginning import Unbegun, begin, give_up
from studybot.push.claims import Claim, claim_due, finish, release, release_all
from studybot.push.delivery import Delivery
from studybot.push.fanout import RetryPolicy, Sleep, fan_out, fan_out_ahead
from studybot.push.follow_ups import Built, claim_built, send_follow_up
from studybot.push.reschedule import schedule_unscheduled
from studybot.push.sending import DOWN, Sending, ShuttingDown
from studybot.push.takeover import take_over
from studybot.push.unsent import stopped_unsent

log = logging.getLogger(__name__)
DEFAULT_CONCURRENCY = 16
CLAIM_BATCH = 500  # learners claimed per transaction
QUEUED_AHEAD = 1000  # claimed learners waiting for a send slot, at most
LEASE = timedelta(minutes=10)  # a push queued this long by another process is taken over: it stopped


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
        lease: timedelta = LEASE,
    ) -> None:
        self.engine = engine
        self.deliveries = deliveries  # read at each claim and send: a platform may go down or come back
        self.clock = clock
        self.grace = grace
        self.concurrency = concurrency
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.lease = lease
        self.token = uuid.uuid4().hex  # this tick's name on the pushes it queues: a new one each tick
        self.unbegun = Unbegun(engine.db)  # pushes whose beginning the database failed: put back next tick

    async def prepare(self) -> int:
        """Give active learners without a next push instant (rows from before push scheduling) one."""
        return await self.engine.db.run(lambda session: schedule_unscheduled(session, self.clock()))

    async def tick(self, stop: asyncio.Event | None = None) -> Counter[str]:
        """Push everyone due now; how many pushes ended in each status."""
        report: Counter[str] = Counter()
        stopping = stop or asyncio.Event()
        self.token = uuid.uuid4().hex  # what an earlier tick left queued (a put-back that failed) is not ours
        await self.unbegun.put_back()

        async def handle(claim: Claim) -> None:
            report[await self._push(claim, stopping)] += 1

        async def handle_follow_up(follow_up: Built) -> None:
            report[await self._follow_up_of(follow_up, stopping)] += 1

        await fan_out_ahead(
            self._claim,
            handle,
            self._put_back,
            concurrency=self.concurrency,
            batch=CLAIM_BATCH,
            ahead=QUEUED_AHEAD,
            stop=stop,
        )
        await fan_out(self._claim_follow_ups, handle_follow_up, concurrency=self.concurrency, stop=stop)
        if report:
            log.info("push tick: %s", ", ".join(f"{n} {status}" for status, n in sorted(report.items())))
            give_back_free_memory()
        return report

    async def _claim(self, limit: int) -> list[Claim]:
        """Queued pushes a stopped process left behind first, then learners due now."""
        platforms = frozenset(self.deliveries)

        def claim(session: Session) -> list[Claim]:
            now = self.clock()
            left = take_over(
                session, now, platforms=platforms, limit=limit, lease=self.lease, grace=self.grace, owner=self.token
            )
            due = claim_due(
                session, now, platforms=platforms, limit=limit - len(left), grace=self.grace, owner=self.token
            )
            return left + due

        return await self.engine.db.run(claim)

    async def _put_back(self, claims: Sequence[Claim]) -> None:
        """Queued pushes not begun when the tick ends early (stopping, or a claim failed): due again, for the
        next tick here or in another process."""
        log.info("%d queued pushes put back: the tick ended before their turn", len(claims))
        try:
            await self.engine.db.run(lambda session: release_all(session, claims))
        except DOWN as exc:
            log.warning("could not put back %d queued pushes (%s); a later tick takes them over", len(claims), exc)
        except Exception:
            log.exception("could not put back %d queued pushes; a later tick takes them over", len(claims))

    @property
    def sending(self) -> Sending:
        return Sending(self.retry, self.sleep)  # read when sending: a test may slow or stop the clock first

    async def _follow_up_of(self, follow_up: Built, stopping: asyncio.Event) -> str:
        return await send_follow_up(self.engine, self.deliveries, self.sending, follow_up, stopping)

    async def _claim_follow_ups(self, limit: int) -> list[Built]:
        platforms = frozenset(self.deliveries)
        return await self.engine.db.run(
            lambda session: claim_built(self.engine, session, self.clock(), platforms=platforms, limit=limit)
        )

    async def _push(self, claim: Claim, stopping: asyncio.Event) -> str:
        delivery = self.deliveries.get(claim.platform)
        if delivery is None:
            return await self._release(claim)
        try:
            begun = await self.engine.db.run(lambda session: begin(self.engine, session, claim, self.clock()))
        except DOWN as exc:  # as many as are queued: not a line each
            log.debug("could not begin the push to learner %d; it stays queued: %s", claim.user_id, exc)
            self.unbegun.keep(claim)
            return "not begun"
        except Exception:
            log.exception("could not build the push to learner %d", claim.user_id)
            return await self._record(claim, "failed", lambda session: give_up(session, claim, self.clock()))
        if begun is None:
            return "taken over"  # it waited past the lease, and another process sends it
        claim, reply = begun
        status = "skipped" if reply is None else await self._send(claim, reply, delivery, stopping)
        if status == "not sent":
            return await stopped_unsent(self.engine.db, claim)
        return await self._record(claim, status, lambda session: finish(session, claim, status, self.clock()))

    async def _send(self, claim: Claim, reply: Notice, delivery: Delivery, stopping: asyncio.Event) -> str:
        """sent, blocked, failed, or "not sent" (the bot stopped while the platform took none of it)."""
        try:
            status = await self.sending.deliver(claim.external_id, reply, delivery, stopping)
        except ShuttingDown as stopped:
            if stopped.unsent:  # the platform took none of it: the next bot sends it, within the grace window
                return "not sent"
            log.warning("push to learner %d given up for %s: shutting down", claim.user_id, claim.local_date)
            return "failed"
        if status == "retry":
            attempts = 1 + len(self.retry.delays)
            log.warning(
                "push to learner %d gave up for %s after %d attempts", claim.user_id, claim.local_date, attempts
            )
            return "failed"
        return status

    async def _record(self, claim: Claim, status: str, record: Callable[[Session], None]) -> str:
        try:
            await self.engine.db.run(record)
        except DOWN as exc:
            log.warning("could not record the push to learner %d as %s: %s", claim.user_id, status, exc)
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
