"""What `studybot run` runs: chat platforms and the push ticker, as services sharing one event loop.

A service that fails (a bad token, a platform that cannot be reached) is logged and the others go on;
SIGINT or SIGTERM sets `stop`, and every service finishes its in-flight work and disconnects.
Pushes go only to platforms that are up (`ReadyDeliveries`): a platform not started yet, failed or stopped
is not offered its learners, who stay due until it is back.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from studybot.errors import ConfigError
from studybot.push.delivery import Delivery

log = logging.getLogger(__name__)


class Service(Protocol):
    @property
    def name(self) -> str: ...

    async def serve(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set, then shut down cleanly. Raises if the service cannot start."""
        ...


class PlatformService(Service, Protocol):
    """A chat platform: it also delivers pushes while it is up."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def ready(self) -> asyncio.Event:
        """Set while the platform is up (connected, its delivery usable); cleared when it fails or stops."""
        ...


class ReadyDeliveries(Mapping[str, Delivery]):
    """The deliveries of the platforms that are up right now, by platform name: a live view for the planner."""

    def __init__(self, platforms: Sequence[PlatformService]) -> None:
        self._platforms = {service.delivery.platform: service for service in platforms}

    def __getitem__(self, platform: str) -> Delivery:
        service = self._platforms[platform]
        if not service.ready.is_set():
            raise KeyError(platform)
        return service.delivery

    def __iter__(self) -> Iterator[str]:
        return (name for name, service in self._platforms.items() if service.ready.is_set())

    def __len__(self) -> int:
        return sum(1 for _ in self)


async def run_services(platforms: Sequence[Service], helpers: Sequence[Service], stop: asyncio.Event) -> int:
    """Serve until `stop` (or until every platform has failed). 0 after a clean stop, 1 when no platform ran,
    2 when none ran because of its configuration (a token the platform rejects): a restart would not help.

    `helpers` (the push ticker) serve the platforms, so they stop once no platform is left.
    """
    tasks = [asyncio.create_task(_serve(service, stop), name=service.name) for service in platforms]
    helper_tasks = [asyncio.create_task(service.serve(stop), name=service.name) for service in helpers]
    failures = [failure for finished in asyncio.as_completed(tasks) if (failure := await finished) is not None]
    stop.set()
    for outcome in await asyncio.gather(*helper_tasks, return_exceptions=True):
        if isinstance(outcome, Exception):
            log.error("a background service stopped: %s", _describe(outcome))
    if len(failures) < len(tasks):
        return 0
    return 2 if all(isinstance(failure, ConfigError) for failure in failures) else 1


async def _serve(platform: Service, stop: asyncio.Event) -> Exception | None:
    """Serve one platform; why it failed, after one log line naming it and why, or None."""
    try:
        await platform.serve(stop)
    except Exception as exc:
        log.error("%s is down: %s", platform.name, _describe(exc))
        return exc
    return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set `stop` instead of raising KeyboardInterrupt in the middle of an answer."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
