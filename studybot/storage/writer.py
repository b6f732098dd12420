"""SQLite's writes, run by one thread in batches: what the event loop asked for during one of its turns.

SQLite lets one writer in at a time, so a pool of writer threads only queued on a lock; meanwhile each
finished write woke the event loop, and the loop's Python then ran beside the next write's. Both threads
wanted the GIL, and the sqlite3 module gives it up around every statement: the two cores traded it back and
forth a dozen times per answer, which cost more CPU than the answer's own work (docs/benchmarks.md).

Here the writes the loop submits in one turn go to the thread together, and their results come back
together: the loop is woken once per batch instead of once per write, and mostly sleeps while the thread
writes. A batch hands back what it has done every `DELIVER_EVERY_S`, so a long batch does not hold up its
first callers for long (a single slow write still holds up those before it in its batch, as SQLite's write
lock held up the writes after it before).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
DELIVER_EVERY_S = 0.02
log = logging.getLogger(__name__)

_Job = tuple[Callable[[], Any], "asyncio.Future[Any]"]
_Done = tuple["asyncio.Future[Any]", Any, BaseException | None]


class BatchedWriter:
    """One thread running jobs in the order they were submitted, in batches (see the module's text)."""

    def __init__(self, name: str) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()  # guards _pending: each event loop submits from its own thread
        self._pending: dict[asyncio.AbstractEventLoop, list[_Job]] = {}

    def submit(self, job: Callable[[], T]) -> asyncio.Future[T]:
        """Run `job` in the writer thread; its result (or exception) comes back as the future's."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            batch = self._pending.setdefault(loop, [])
            batch.append((job, future))
            first = len(batch) == 1
        if first:  # the batch leaves once the loop has run this turn's other callbacks
            loop.call_soon(self._send, loop)
        return future

    def _send(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            batch = self._pending.pop(loop, [])
        try:
            self._thread.submit(_run, loop, batch)
        except RuntimeError as exc:  # shut down: nothing more is written
            for _job, future in batch:
                if not future.done():
                    future.set_exception(exc)

    def shutdown(self) -> None:
        self._thread.shutdown(wait=True)


def _run(loop: asyncio.AbstractEventLoop, batch: list[_Job]) -> None:
    done: list[_Done] = []
    handed_back = time.monotonic()
    for job, future in batch:
        if future.cancelled():  # its caller stopped waiting before it began
            continue
        try:
            done.append((future, job(), None))
        except BaseException as exc:
            done.append((future, None, exc))
        if time.monotonic() - handed_back >= DELIVER_EVERY_S:
            _hand_back(loop, done)
            done, handed_back = [], time.monotonic()
    _hand_back(loop, done)


def _hand_back(loop: asyncio.AbstractEventLoop, done: list[_Done]) -> None:
    if not done:
        return
    try:
        loop.call_soon_threadsafe(_settle, done)
    except RuntimeError:  # the loop closed meanwhile: nobody is waiting for these
        log.debug("storage: %d results dropped, their event loop is closed", len(done))


def _settle(done: list[_Done]) -> None:
    for future, result, exc in done:
        if future.cancelled():
            continue
        if exc is None:
            future.set_result(result)
        else:
            future.set_exception(exc)
