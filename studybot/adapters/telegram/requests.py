"""python-telegram-bot's HTTP layer with our fault handling: one request class for getUpdates, one for
everything else (both are documented `ApplicationBuilder` hooks).

getUpdates: a server error or an unreachable server is retried here with our backoff, and reported through
`Health` (an update the library cannot read is dealt with in reading.py). A 409 Conflict (another process
polls the same token, or a webhook is set) is retried the same way and said in one warning every ten minutes
while it lasts, instead of python-telegram-bot's traceback per attempt.

Other methods: a connection that could not be opened (refused, or not opened in time, or no free connection
in the pool), or a 502 or 503 (Telegram's front could not hand the request to the Bot API server), means the
request was not carried out, so it is sent again (a few times, with backoff); when it never went out it fails
as a NetworkError (`NotSent` for a message), not as TimedOut, so nobody takes it for sent. A timeout once the
request was on its way is not retried, nor is a message answered with another 5xx (500: the server failed
while it had the request; 504: it did not answer the front in time), which fails as `MaybeSent`, a TimedOut:
the message may have gone through, and a learner would rather miss a reply than see it twice. Requests that
post nothing new (edits, callback answers) are sent again after any 5xx: carrying them out twice changes
nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from random import Random
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

from studybot.health import Health
from studybot.retry import POLLING, QUICK, Backoff

log = logging.getLogger(__name__)
SEND_POOL_SIZE = 256  # python-telegram-bot's own default for the non-getUpdates pool
SERVER_ERROR = 500
CONFLICT_SAID_EVERY_S = 600.0
CONNECT_TIMEOUT_S = 5.0  # python-telegram-bot's own default
# Failures before the request left this machine: python-telegram-bot raises the timeouts among them as TimedOut.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_NOT_CARRIED_OUT = frozenset({httpx.codes.BAD_GATEWAY, httpx.codes.SERVICE_UNAVAILABLE})  # from Telegram's front


class NotSent(NetworkError):
    """The request surely was not carried out: no connection could be opened, or Telegram's front could not
    hand it to the Bot API server. A push so refused may be sent afresh later, even by another process."""


class MaybeSent(TimedOut):
    """Telegram answered a message with a server error after the Bot API server had it: it may have been
    posted, so it is not sent again (and a push counts it as sent, as after a timeout)."""


def _posts(endpoint: str) -> bool:
    """Whether the method posts something new in a chat, so carrying it out twice shows it twice."""
    return endpoint.startswith(("send", "copy", "forward")) and endpoint != "sendChatAction"


class UpdatesRequest(HTTPXRequest):
    """The getUpdates connection: outages retried with backoff while polling."""

    def __init__(
        self,
        health: Health,
        backoff: Backoff = POLLING,
        rng: Random | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(connection_pool_size=1)
        self.health, self.backoff, self.rng = health, backoff, rng or Random()  # noqa: S311 - jitter, not a secret
        self.clock = clock
        self._conflict_said_at: float | None = None

    async def do_request(  # python-telegram-bot's signature
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # The Updater's last call at shutdown (timeout 0, to confirm what it fetched) is tried once.
        retrying = bool(request_data and request_data.parameters.get("timeout"))
        failures = 0
        while True:
            try:
                code, body = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as exc:  # TimedOut included
                if not retrying:
                    raise
                reason = str(exc)
            else:
                if code == httpx.codes.CONFLICT and retrying:
                    self._conflict(body)
                    failures += 1
                    await asyncio.sleep(self.backoff.delay(failures, self.rng))
                    continue
                if code < SERVER_ERROR or not retrying:
                    if code == httpx.codes.OK:
                        self.health.ok()
                        return code, body
                    return code, body  # 401, 429 …: python-telegram-bot raises and backs off itself
                reason = f"HTTP {code}"
            failures += 1
            self.health.failed(reason)
            await asyncio.sleep(self.backoff.delay(failures, self.rng))

    def _conflict(self, body: bytes) -> None:
        """Telegram gave this poll's updates to someone else: say what to do, at most every ten minutes."""
        now = self.clock()
        if self._conflict_said_at is not None and now - self._conflict_said_at < CONFLICT_SAID_EVERY_S:
            return
        self._conflict_said_at = now
        try:
            said = str(json.loads(body).get("description", ""))[:200]
        except (ValueError, AttributeError):
            said = ""
        log.warning(
            "telegram: another process is receiving this bot's updates (HTTP 409 %s); trying again with backoff. "
            "Run one polling process per token, or webhook mode for several (docs/operations.md)",
            said,
        )


class SendRequest(HTTPXRequest):
    """Every other method: retried a few times when it was surely not carried out."""

    def __init__(
        self, backoff: Backoff = QUICK, rng: Random | None = None, *, connect_timeout: float = CONNECT_TIMEOUT_S
    ) -> None:
        super().__init__(connection_pool_size=SEND_POOL_SIZE, connect_timeout=connect_timeout)
        self.backoff, self.rng = backoff, rng or Random()  # noqa: S311 - jitter, not a secret

    async def do_request(  # python-telegram-bot's signature
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        for attempt in range(1, self.backoff.tries + 1):
            last = attempt == self.backoff.tries
            try:
                code, body = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as exc:
                if not isinstance(exc.__cause__, _NOT_SENT):
                    raise
                if last:  # not TimedOut: it surely did not arrive, and may be sent again later
                    failed = NotSent if _posts(endpoint) else NetworkError
                    raise failed(f"not sent, no connection: {exc}") from exc.__cause__
                reason = "no connection"
            else:
                if code < SERVER_ERROR:
                    return code, body
                if code not in _NOT_CARRIED_OUT and _posts(endpoint):
                    raise MaybeSent(f"{endpoint}: HTTP {code} from Telegram; it may have been posted, not sent again")
                if last and code in _NOT_CARRIED_OUT and _posts(endpoint):
                    raise NotSent(f"{endpoint}: HTTP {code} from Telegram's front; not sent")
                if last:
                    return code, body
                reason = f"HTTP {code}"
            log.info("telegram: %s failed (%s); sending again", endpoint, reason)
            await asyncio.sleep(self.backoff.delay(attempt, self.rng))
        raise AssertionError("unreachable")
