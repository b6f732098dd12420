"""A Discord gateway outage told in the log as a Telegram one is (health.py): one line once it has lasted a
while, one when the gateway is back. discord.py itself logs each failed reconnect as an ERROR with its whole
traceback, every few seconds to a few minutes for as long as Discord cannot be reached; those records are
counted here instead of written."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from studybot.health import Health

RECONNECTING_LOGGERS = ("discord.shard", "discord.client")  # AutoShardedClient, Client


class FailedReconnects(logging.Filter):
    def __init__(self, gateway: Health) -> None:
        super().__init__()
        self.gateway = gateway

    def filter(self, record: logging.LogRecord) -> bool:
        failure = record.exc_info[1] if record.exc_info else None
        if record.levelno < logging.ERROR or failure is None or "reconnect" not in str(record.msg):
            return True
        self.gateway.failed(f"{type(failure).__name__}: {failure}")
        return False


@contextmanager
def counted(gateway: Health) -> Iterator[None]:
    """While the block runs, discord.py's failed reconnects count as `gateway` failures."""
    failures = FailedReconnects(gateway)
    loggers = [logging.getLogger(name) for name in RECONNECTING_LOGGERS]
    for logger in loggers:
        logger.addFilter(failures)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(failures)
