"""The push ticker that `studybot run` serves beside the chat platforms: one planner tick a minute.

APScheduler 3.11 is only the metronome here, with its in-memory job store: which learner is due, and
who pushes them, is decided by claims in the database, so any number of processes may tick at once.
A tick that outlasts a minute is not overlapped; the next one starts when it ends. A database that cannot
be written (down, or locked by another process) costs the ticks until it is back, never the ticker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from studybot.health import Health
from studybot.push.planner import Planner
from studybot.storage.dberrors import StorageBusy, StorageUnavailable

log = logging.getLogger(__name__)
MISFIRE_GRACE_S = 30  # a tick delayed by a busy loop still runs; a later one is coalesced into the next


class PushTicker:
    name = "push"

    def __init__(self, planner: Planner, wake_on: Sequence[asyncio.Event] = ()) -> None:
        """`wake_on`: events (a platform coming up) that start a tick at once rather than at the next minute."""
        self.planner = planner
        self.wake_on = wake_on
        self._wake = asyncio.Event()
        self._database = Health("the database (push ticks)", down_after=0)  # ticks are a minute apart
        self._prepared = False

    async def serve(self, stop: asyncio.Event) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self._ring,
            CronTrigger(second=0, timezone=UTC),  # push times are whole minutes
            id="push-tick",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_S,
        )
        scheduler.start()
        self._wake.set()  # a first tick at start sends what was missed within the grace window
        watchers = [asyncio.create_task(self._ring_when(event)) for event in self.wake_on]
        try:
            await self._run(stop)
        finally:
            scheduler.shutdown(wait=False)
            for watcher in watchers:
                watcher.cancel()
            await asyncio.gather(*watchers, return_exceptions=True)

    async def _ring_when(self, event: asyncio.Event) -> None:
        await event.wait()
        self._wake.set()

    async def _ring(self) -> None:
        self._wake.set()

    async def _run(self, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                waking = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait({waking, stopping}, return_when=asyncio.FIRST_COMPLETED)
                waking.cancel()
                if stop.is_set():
                    break
                self._wake.clear()
                await self._tick(stop)
        finally:
            stopping.cancel()

    async def _tick(self, stop: asyncio.Event) -> None:
        try:
            if not self._prepared:  # done by the first tick the database lets through
                scheduled = await self.planner.prepare()
                self._prepared = True
                if scheduled:
                    log.info("scheduled the daily push of %d learner(s)", scheduled)
            await self.planner.tick(stop)
        except (StorageUnavailable, StorageBusy) as exc:  # one line when it goes, one when back; the next minute tries
            self._database.failed(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        except Exception:
            log.exception("push tick failed")
        else:
            self._database.ok()
