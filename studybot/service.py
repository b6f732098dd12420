"""What `studybot run` runs: chat platforms and the push ticker, as services sharing one event loop.

A service that fails (a bad token, a platform that cannot be reached) is logged and the others go on;
SIGINT or SIGTERM sets `stop`, and every service finishes its in-flight work and disconnects.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from typing import Protocol

from studybot.push.delivery import Delivery

log = logging.getLogger(__name__)


class Service(Protocol):
    @property
    def name(self) -> str: ...

    async def serve(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set, then shut down cleanly. Raises if the service cannot start."""
        ...


class PlatformService(Service, Protocol):
    """A chat platform: it also delivers pushes while it runs."""

    @property
    def delivery(self) -> Delivery: ...


async def run_services(platforms: Sequence[Service], helpers: Sequence[Service], stop: asyncio.Event) -> int:
    """Serve until `stop` (or until every platform has failed). 0 after a clean stop, 1 when no platform ran.

    `helpers` (the push ticker) serve the platforms, so they stop once no platform is left.
    """
    tasks = {asyncio.create_task(service.serve(stop), name=service.name): service for service in platforms}
    helper_tasks = [asyncio.create_task(service.serve(stop), name=service.name) for service in helpers]
    failed = 0
    for finished in asyncio.as_completed(tasks):
        try:
            await finished
        except Exception as exc:
            failed += 1
            log.error("a platform stopped: %s", _describe(exc))
    stop.set()
    for outcome in await asyncio.gather(*helper_tasks, return_exceptions=True):
        if isinstance(outcome, Exception):
            log.error("a background service stopped: %s", _describe(outcome))
    return 1 if failed == len(tasks) else 0


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set `stop` instead of raising KeyboardInterrupt in the middle of an answer."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
