"""A Delivery that records what it was asked to send and answers from a script (the platform, faked)."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable

from studybot.engine.replies import Reply
from studybot.push.delivery import DeliveryResult


class RecordingDelivery:
    """Outcomes per learner come from `script` in order, then SENT. `before_send` runs inside each call."""

    def __init__(self, platform: str = "telegram") -> None:
        self._platform = platform
        self.script: dict[str, list[DeliveryResult]] = defaultdict(list)
        self.calls: Counter[str] = Counter()
        self.sent: list[tuple[str, Reply]] = []
        self.before_send: Callable[[str], Awaitable[None]] | None = None
        self.in_flight = 0
        self.most_in_flight = 0
        self.changed = asyncio.Event()  # set after every call

    @property
    def platform(self) -> str:
        return self._platform

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        self.calls[external_id] += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.before_send is not None:
                await self.before_send(external_id)
            await asyncio.sleep(0)
            outcomes = self.script[external_id]
            result = outcomes.pop(0) if outcomes else DeliveryResult.SENT
            if result is DeliveryResult.SENT:
                self.sent.append((external_id, reply))
            return result
        finally:
            self.in_flight -= 1
            self.changed.set()

    def sent_to(self) -> list[str]:
        return [external_id for external_id, _ in self.sent]

    async def wait_for_sends(self, *external_ids: str) -> None:
        """Until exactly these learners were sent to, in this order."""

        async def settle() -> None:
            while self.sent_to() != list(external_ids):
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(settle(), timeout=60)
