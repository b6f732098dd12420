"""The one thing the push planner knows about a chat platform: how to deliver a reply to a learner."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from studybot.engine.replies import Reply


class DeliveryResult(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the learner blocked the bot or cannot be messaged: mark them, skip them from now on
    RETRY = "retry"  # transient (5xx, timeout, rate limit beyond the adapter's own retries): try again later,
    # through this delivery (part of the reply may have gone out, or may yet: only the delivery knows)
    NOT_SENT = "not sent"  # transient, and surely nothing of the reply reached the platform (a 429, no connection):
    # try again later; it may even be sent afresh by another process
    FAILED = "failed"  # permanent for this reply (e.g. a request the platform refuses): log it and move on


class Delivery(Protocol):
    """A platform's sending side. Adapters implement it for their running bot and for `studybot push`."""

    @property
    def platform(self) -> str: ...

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        """Send `reply` to the learner's private chat. Never raises for a platform error: it reports it."""
        ...
