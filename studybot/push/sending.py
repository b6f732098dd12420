"""Sending one push: its delivery retried by the policy, the waits cut short when the bot stops."""

from __future__ import annotations

import asyncio

from studybot.engine.replies import Notice
from studybot.push.delivery import Delivery, DeliveryResult
from studybot.push.fanout import RetryPolicy, Sleep, deliver_with_retry
from studybot.storage.dberrors import StorageBusy, StorageUnavailable

DOWN = (StorageBusy, StorageUnavailable)  # the ticker says once that the database is down: no traceback each
STATUS = {DeliveryResult.SENT: "sent", DeliveryResult.BLOCKED: "blocked", DeliveryResult.FAILED: "failed"}


class ShuttingDown(Exception):
    """Raised out of a backoff when the bot stops; the push counts as failed for the day."""


class Sending:
    """Delivers one push with `retry`, sleeping with `sleep` between attempts."""

    def __init__(self, retry: RetryPolicy, sleep: Sleep) -> None:
        self.retry, self.sleep = retry, sleep

    async def deliver(
        self, user_id: int, external_id: str, reply: Notice, delivery: Delivery, stopping: asyncio.Event
    ) -> str:
        """sent, blocked, failed, or retry (every attempt asked to retry)."""
        result = await deliver_with_retry(
            delivery, external_id, reply, self.retry, lambda seconds: self.back_off(seconds, stopping)
        )
        return "retry" if result is DeliveryResult.RETRY else STATUS[result]

    async def back_off(self, seconds: float, stopping: asyncio.Event) -> None:
        """Wait before a retry, but not past a shutdown: a stopping bot does not sit out a 2-minute backoff."""
        if stopping.is_set():
            raise ShuttingDown
        waits = {asyncio.ensure_future(self.sleep(seconds)), asyncio.ensure_future(stopping.wait())}
        _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if stopping.is_set():
            raise ShuttingDown
