"""Logging for long-running commands, with secrets scrubbed from every record.

HTTP client libraries log request URLs, and Telegram's URLs contain the bot token; so besides
quietening those loggers, a filter on the root handler replaces every configured secret.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[token]"
QUIET = (  # INFO lines an operator has no use for
    "httpx",
    "httpcore",
    "discord.http",
    "discord.gateway",
    "apscheduler.executors.default",
    "alembic.runtime.plugins",  # "setup plugin …", once per plugin at every start
)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if len(s) >= 8)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            for secret in self._secrets:
                text = text.replace(secret, REDACTED)
            record.exc_text, record.exc_info = text, None
        return True


def setup_logging(secrets: Iterable[str], level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
