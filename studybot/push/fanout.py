"""Sending to many learners at once: bounded concurrency, no learner waiting on another (each push's retries
with backoff: sending.py)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Waits before each further attempt after a RETRY (5xx, timeout, a 429 the adapter did not absorb).

    The adapters already wait out a 429's `retry_after` themselves; these cover outages of a few minutes.
    """

    delays: tuple[float, ...] = (5.0, 30.0, 120.0)


async def fan_out(
    claim: Callable[[int], Awaitable[Sequence[T]]],
    handle: Callable[[T], Coroutine[Any, Any, None]],
    *,
    concurrency: int,
    stop: asyncio.Event | None = None,
) -> None:
    """Claim work for free slots only and handle each item in its own task, until nothing is left.

    Claiming no more than there are free slots keeps the claimed-but-unfinished items (the ones a crash
    leaves ambiguous) at most `concurrency`. A slow or retrying item holds one slot; the others go on.
    `handle` must not raise. After `stop`, or when a claim raises, nothing new is claimed and the running items
    finish (then the error goes on).
    """
    running: set[asyncio.Task[None]] = set()
    refill_at = max(1, concurrency // 4)  # claim in batches rather than one learner per transaction
    try:
        while stop is None or not stop.is_set():
            free = concurrency - len(running)
            if free < refill_at:
                _done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                continue
            batch = await claim(free)  # may raise: the database went away
            if not batch:
                break
            running |= {asyncio.create_task(handle(item)) for item in batch}
    finally:  # what runs finishes before the tick ends, or before a claim's error goes on
        if running:
            await asyncio.wait(running)


async def fan_out_ahead(
    claim: Callable[[int], Awaitable[Sequence[T]]],
    handle: Callable[[T], Coroutine[Any, Any, None]],
    put_back: Callable[[Sequence[T]], Awaitable[None]],
    *,
    concurrency: int,
    batch: int,
    ahead: int,
    stop: asyncio.Event | None = None,
) -> None:
    """Claim in batches of up to `batch` while fewer than `ahead` claimed items wait, and handle them in up to
    `concurrency` tasks at once, until nothing is left to claim: claiming costs the same whatever the send
    slots, and a waiting item is not ambiguous (`handle` marks it begun first). After `stop`, nothing new is
    claimed or begun; the items still waiting go to `put_back`, and the running ones finish. The same when a
    claim raises, before the error goes on."""
    waiting: deque[T] = deque()
    running: set[asyncio.Task[None]] = set()
    exhausted = False
    try:
        while stop is None or not stop.is_set():
            if not exhausted and len(waiting) < max(ahead - batch, concurrency):
                claimed = await claim(min(batch, ahead - len(waiting)))  # may raise: the database went away
                exhausted = not claimed
                waiting.extend(claimed)
            while waiting and len(running) < concurrency:
                running.add(asyncio.create_task(handle(waiting.popleft())))
            if not running:
                break  # nothing running, nothing waiting: everything was claimed and handled
            _done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
    finally:  # stopping, or a claim failed: what waits goes back, what runs finishes
        if waiting:
            await put_back(list(waiting))
        if running:
            await asyncio.wait(running)
