"""One push tick: claim due learners in batches, build each one's push, deliver it, and record how it went.

Claims are queued (marked on their push_schedule rows) in batches of CLAIM_BATCH, up to QUEUED_AHEAD
waiting, whatever the number of send slots. A push gets its push_log row, "claimed", as its send begins and
"sent" (or blocked / failed / skipped) after. If the process dies in between, the row stays "claimed" and is
never retried: the learner may miss that day's push, but never gets it twice (docs/pushes.md says why; a push
whose reply the database failed to build is undone instead, push/unsent.py);
pushes still queued were never begun, and another process takes them over after the lease (push/takeover.py).

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
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.heap import give_back_free_memory
from studybot.push.claims import Claim, claim_due, finish, release, release_all, start
from studybot.push.delivery import Delivery
from studybot.push.fanout import RetryPolicy, Sleep, fan_out, fan_out_ahead
from studybot.push.follow_ups import Built, claim_built, send_follow_up
from studybot.push.later import token
from studybot.push.reschedule import schedule_unscheduled
from studybot.push.sending import DOWN, Sending, ShuttingDown
from studybot.push.takeover import take_over
from studybot.push.unsent import NotBuilt, Unsent

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
        self.unsent = Unsent(engine.db)  # begun pushes whose reply could not be built: due again

    async def prepare(self) -> int:
        """Give active learners without a next push instant (rows from before push scheduling) one."""
        return await self.engine.db.run(lambda session: schedule_unscheduled(session, self.clock()))

    async def tick(self, stop: asyncio.Event | None = None) -> Counter[str]:
        """Push everyone due now; how many pushes ended in each status."""
        report: Counter[str] = Counter()
        stopping = stop or asyncio.Event()
        self.token = uuid.uuid4().hex  # what an earlier tick left queued (a put-back that failed) is not ours
        await self.unsent.retry()

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
            begun = await self.engine.db.run(lambda session: start(session, claim, self.clock()))
        except DOWN as exc:  # as many as are queued: not a line each
            log.debug("could not begin the push to learner %d; it stays queued: %s", claim.user_id, exc)
            return "not begun"
        except Exception:
            log.exception("could not begin the push to learner %d; it stays queued", claim.user_id)
            return "failed"
        if begun is None:
            return "taken over"  # it waited past the lease, and another process sends it
        claim = begun
        try:
            status = await self._attempt(claim, delivery, stopping)
        except NotBuilt as exc:  # nothing reached the platform: the learner is due again
            return await self.unsent.undo(claim, exc.down)
        except ShuttingDown as stopped:
            if stopped.unsent:  # the platform took none of it: the next bot sends it, within the grace window
                return await self.unsent.stopped(claim)
            log.warning("push to learner %d given up for %s: shutting down", claim.user_id, claim.local_date)
            status = "failed"
        except DOWN as exc:
            log.warning("push to learner %d not sent: %s", claim.user_id, exc)
            status = "failed"
        except Exception:
            log.exception("push to learner %d failed", claim.user_id)
            status = "failed"
        try:
            await self.engine.db.run(lambda session: finish(session, claim, status, self.clock()))
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

    async def _attempt(self, claim: Claim, delivery: Delivery, stopping: asyncio.Event) -> str:
        try:
            reply = await self.engine.daily_push(Learner(claim.platform, claim.external_id))
        except DOWN as exc:
            raise NotBuilt(exc) from exc
        if reply is None:
            return "skipped"
        reply = replace(reply, put_off=token(claim.local_date, 0))  # its "Later (1 h)" and "Not today"
        status = await self.sending.deliver(claim.external_id, reply, delivery, stopping)
        if status == "retry":
            attempts = 1 + len(self.retry.delays)
            log.warning(
                "push to learner %d gave up for %s after %d attempts", claim.user_id, claim.local_date, attempts
            )
            return "failed"
        return status
