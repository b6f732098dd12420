"""Webhook mode's receiver: Telegram's POSTs checked for the secret, each update read alone, then handed to
python-telegram-bot's `Application.update_queue` (its documented way to feed updates from a web server of
one's own).

python-telegram-bot's own webhook server answers an update it cannot parse (a poll answer without
`option_persistent_ids`, as a Bot API server older than 9.6 sends) with 400 and logs it whole; Telegram then
sends it again and again. Here it is logged once (its id and kind, as in polling mode), answered 200, and the
next update is served.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

from studybot.adapters.telegram.reading import read_update

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - the header's name, not a secret
MAX_UPDATE_BYTES = 1 << 20  # an update is a few kB; Telegram sends one per request


class WebhookReceiver:
    """An aiohttp server on `listen`:`port` taking updates at `path` from whoever knows `secret`."""

    def __init__(self, app: Any, *, listen: str, port: int, path: str, secret: str) -> None:
        self.app, self.listen, self.port, self.path, self.secret = app, listen, port, path, secret
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        server = web.Application(client_max_size=MAX_UPDATE_BYTES)
        server.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(data, dict):
            return web.Response(status=400)
        update = read_update(data, self.app.bot)
        if update is not None:  # one that cannot be read is logged, and taken (Telegram would resend it)
            await self.app.update_queue.put(update)
        return web.Response()
