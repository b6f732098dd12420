"""Sending one push: its delivery retried by the policy, the waits cut short when the bot stops."""

from __future__ import annotations

import asyncio
import logging

from studybot.engine.replies import Notice, Reply
from studybot.push.delivery import Delivery, DeliveryResult
from studybot.push.fanout import RetryPolicy, Sleep
from studybot.storage.dberrors import StorageBusy, StorageUnavailable

log = logging.getLogger(__name__)
DOWN = (StorageBusy, StorageUnavailable)  # the ticker says once that the database is down: no traceback each
STATUS = {DeliveryResult.SENT: "sent", DeliveryResult.BLOCKED: "blocked", DeliveryResult.FAILED: "failed"}
RETRYABLE = frozenset({DeliveryResult.RETRY, DeliveryResult.NOT_SENT})


class ShuttingDown(Exception):
    """Raised out of a backoff when the bot stops. `unsent`: the last attempt reached the platform with nothing
    of the push (NOT_SENT), so it may be sent afresh later; otherwise it counts as failed for the day."""

    def __init__(self, *, unsent: bool) -> None:
        super().__init__("the bot is stopping")
        self.unsent = unsent


class Sending:
    """Delivers one push with `retry`, sleeping with `sleep` between attempts."""

    def __init__(self, retry: RetryPolicy, sleep: Sleep) -> None:
        self.retry, self.sleep = retry, sleep

    async def deliver(self, external_id: str, reply: Notice, delivery: Delivery, stopping: asyncio.Event) -> str:
        """sent, blocked, failed, or retry (every attempt asked to retry); ShuttingDown when the bot stops
        before a further attempt."""
        result = await _deliver_once(delivery, external_id, reply)
        for delay in self.retry.delays:
            if result not in RETRYABLE:
                break
            await self.back_off(delay, stopping, unsent=result is DeliveryResult.NOT_SENT)
            result = await _deliver_once(delivery, external_id, reply)
        return "retry" if result in RETRYABLE else STATUS[result]

    async def back_off(self, seconds: float, stopping: asyncio.Event, *, unsent: bool) -> None:
        """Wait before a retry, but not past a shutdown: a stopping bot does not sit out a 2-minute backoff."""
        if stopping.is_set():
            raise ShuttingDown(unsent=unsent)
        waits = {asyncio.ensure_future(self.sleep(seconds)), asyncio.ensure_future(stopping.wait())}
        _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if stopping.is_set():
            raise ShuttingDown(unsent=unsent)


async def _deliver_once(delivery: Delivery, external_id: str, reply: Reply) -> DeliveryResult:
    try:
        return await delivery.deliver(external_id, reply)
    except Exception:  # the contract says deliver() never raises; one adapter bug must not stop a fan-out
        log.exception("%s delivery raised instead of reporting; counted as failed", delivery.platform)
        return DeliveryResult.FAILED
