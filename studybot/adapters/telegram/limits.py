"""Telegram's flood limits, kept without queueing for seconds.

`FloodLimiter` is the Bot's rate limiter: every request with a chat waits for the overall 30 messages/s;
a 429 in a private chat is waited out (`retry_after`) a few times, for that request alone, unless the bot is
stopping (`stop_waiting`): then the 429 is raised at once, and a push is left for a later tick. Requests into a
group are never queued by a per-group limiter nor retried: a group's budget of about 20 new messages a
minute is kept by `GroupBudget`, which the sender asks before it posts, so a learner is told at once that
the group is busy instead of waiting behind everybody else. (python-telegram-bot's `AIORateLimiter`
queues every request into a group, edits included, at 20 a minute, and pauses all requests of the bot
while it waits out one 429.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

RETRIES = 3  # a 429 in a private chat is waited out this many times before the send fails
GROUP_PER_MINUTE = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
WINDOW_S = 60.0
IDLE_SWEEP = 1024
log = logging.getLogger(__name__)
JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]


def is_group(chat_id: object) -> bool:
    """Groups and channels: negative ids (or an @username, which only public groups and channels have)."""
    if isinstance(chat_id, str):
        return not chat_id.lstrip("-").isdigit() or chat_id.startswith("-")
    return isinstance(chat_id, int) and chat_id < 0


class FloodLimiter(BaseRateLimiter[int]):
    def __init__(self, *, per_second: float = FloodLimit.MESSAGES_PER_SECOND, retries: int = RETRIES) -> None:
        self._overall = AsyncLimiter(per_second, 1) if per_second else None
        self._retries = retries
        self._stopping = asyncio.Event()

    def stop_waiting(self) -> None:
        """The bot is stopping: a 429 is no longer waited out (nor one being waited out now), so a shutdown
        does not sit out Telegram's `retry_after`; the send fails with it, as beyond the retries."""
        self._stopping.set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        retries = 0 if is_group(chat_id) else (rate_limit_args or self._retries)
        for attempt in range(retries + 1):
            try:
                if chat_id is None or self._overall is None:
                    return await callback(*args, **kwargs)
                async with self._overall:
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries or self._stopping.is_set():
                    raise
                log.info("telegram: %s hit the flood limit; retrying in %s", endpoint, exc.retry_after)
                if not await self._wait_out(retry_seconds(exc.retry_after) + 0.1):
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _wait_out(self, seconds: float) -> bool:
        """Sleep `seconds`; False when the bot began stopping meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        return not self._stopping.is_set()


def retry_seconds(retry_after: object) -> float:
    """`RetryAfter.retry_after` in seconds (a timedelta, or a number before python-telegram-bot's opt-in)."""
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]


class GroupBudget:
    """This process's account of the new messages it posted into each group in the last minute.

    `spend` says whether one more message may go now; the last message of the minute is kept back for
    `spend_notice`, so the busy notice always fits and is said at most once a minute per group."""

    def __init__(self, per_minute: int = GROUP_PER_MINUTE, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._sent: defaultdict[int, deque[float]] = defaultdict(deque)
        self._noticed: dict[int, float] = {}

    def spend(self, chat_id: int) -> bool:
        sent = self._window(chat_id)
        if len(sent) >= self.per_minute - 1:
            return False
        sent.append(self.clock())
        return True

    def available(self, chat_id: int) -> bool:
        """Whether `spend` would let one more message go now (nothing is spent)."""
        return len(self._window(chat_id)) < self.per_minute - 1

    def spend_notice(self, chat_id: int) -> bool:
        sent, now = self._window(chat_id), self.clock()
        said = self._noticed.get(chat_id)
        if len(sent) >= self.per_minute or (said is not None and said > now - WINDOW_S):
            return False
        sent.append(now)
        self._noticed[chat_id] = now
        return True

    def exhaust(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 (another process posted too): count the group full for `seconds`."""
        now = self.clock()
        self._sent[chat_id] = deque([now + min(seconds, WINDOW_S) - WINDOW_S] * self.per_minute)
        self._noticed[chat_id] = now

    def _window(self, chat_id: int) -> deque[float]:
        horizon = self.clock() - WINDOW_S
        if len(self._sent) > IDLE_SWEEP:  # forget groups that have been quiet for a minute
            for quiet in [chat for chat, sent in self._sent.items() if not sent or sent[-1] <= horizon]:
                del self._sent[quiet]
        if len(self._noticed) > IDLE_SWEEP:
            for quiet in [chat for chat, said in self._noticed.items() if said <= horizon]:
                del self._noticed[quiet]
        sent = self._sent[chat_id]
        while sent and sent[0] <= horizon:
            sent.popleft()
        return sent
