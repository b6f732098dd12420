"""python-telegram-bot's HTTP layer with our fault handling: one request class for getUpdates, one for
everything else (both are documented `ApplicationBuilder` hooks).

getUpdates: an update python-telegram-bot cannot read (a poll answer without `option_persistent_ids`, as a
Bot API server older than 9.6 sends) makes `Bot.get_updates` raise; its Updater then logs the whole batch
and asks for the same offset again at once, for ever. Here each update is tried alone first, and one that
cannot be read is logged once (its id and kind) and replaced by a bare `{"update_id": N}`: the Updater
confirms it like any other (the offset moves past it), no handler matches it, and the next update is served.
A server error or an unreachable server is retried here with our backoff, and reported through `Health`.

Other methods: a 5xx answer or a connection that could not be opened means the request was not carried
out, so it is sent again (a few times, with backoff). A timeout is not retried: the message may have gone
through, and a learner would rather miss a reply than see it twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
from random import Random
from typing import Any

import httpx
from telegram import Update
from telegram.error import NetworkError
from telegram.request import HTTPXRequest, RequestData

from studybot.health import Health
from studybot.retry import POLLING, QUICK, Backoff

log = logging.getLogger(__name__)
SEND_POOL_SIZE = 256  # python-telegram-bot's own default for the non-getUpdates pool
SERVER_ERROR = 500


def readable_updates(body: bytes) -> bytes:
    """A getUpdates answer with each update python-telegram-bot cannot parse replaced by its bare id."""
    try:
        answer = json.loads(body)
        updates = answer["result"]
    except (ValueError, TypeError, KeyError):
        return body  # not a batch of updates: python-telegram-bot reports it as it does any bad answer
    if not isinstance(updates, list):
        return body
    swapped = [readable_update(update) for update in updates]
    if all(new is old for new, old in zip(swapped, updates, strict=True)):
        return body
    return json.dumps({**answer, "result": swapped}).encode()


def readable_update(update: Any) -> Any:
    """`update`, or its bare `{"update_id": N}` (logged once) when python-telegram-bot cannot read it."""
    try:
        Update.de_json(update, None)
    except Exception as exc:  # whatever the library raises, this one update is skipped
        update_id = update.get("update_id") if isinstance(update, dict) else None
        kinds = sorted(set(update) - {"update_id"}) if isinstance(update, dict) else [type(update).__name__]
        log.error(
            "telegram: skipped update %s (%s) that could not be read: %s: %.200s",
            update_id,
            ", ".join(kinds) or "empty",
            type(exc).__name__,
            exc,
        )
        return {"update_id": update_id} if isinstance(update_id, int) else update
    return update


class UpdatesRequest(HTTPXRequest):
    """The getUpdates connection: unreadable updates defused, outages retried with backoff while polling."""

    def __init__(self, health: Health, backoff: Backoff = POLLING, rng: Random | None = None) -> None:
        super().__init__(connection_pool_size=1)
        self.health, self.backoff, self.rng = health, backoff, rng or Random()  # noqa: S311 - jitter, not a secret

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
                if code < SERVER_ERROR or not retrying:
                    if code == httpx.codes.OK:
                        self.health.ok()
                        return code, readable_updates(body)
                    return code, body  # 401, 409, 429 …: python-telegram-bot raises and backs off itself
                reason = f"HTTP {code}"
            failures += 1
            self.health.failed(reason)
            await asyncio.sleep(self.backoff.delay(failures, self.rng))


class SendRequest(HTTPXRequest):
    """Every other method: retried a few times when it was surely not carried out."""

    def __init__(self, backoff: Backoff = QUICK, rng: Random | None = None) -> None:
        super().__init__(connection_pool_size=SEND_POOL_SIZE)
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
        for attempt in range(1, self.backoff.tries + 1):
            last = attempt == self.backoff.tries
            try:
                code, body = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as exc:
                if last or not isinstance(exc.__cause__, httpx.ConnectError):
                    raise
                reason = "no connection"
            else:
                if code < SERVER_ERROR or last:
                    return code, body
                reason = f"HTTP {code}"
            log.info("telegram: %s failed (%s); sending again", url.rsplit("/", 1)[-1], reason)
            await asyncio.sleep(self.backoff.delay(attempt, self.rng))
        raise AssertionError("unreachable")
