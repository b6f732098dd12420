"""The fake Discord's gateway: HELLO, IDENTIFY → READY and GUILD_CREATE, heartbeats, and events from tests."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord_payloads import guild_create, ready


class FakeGateway:
    def __init__(self, token: str, url: Callable[[], str], pass_time: Callable[[float], None]) -> None:
        self.token = token
        self.url = url  # where clients resume (this gateway)
        self.pass_time = pass_time  # moves Discord's clock on (`FakeDiscord.advance`)
        self.gap = 0.0  # seconds between a missed event and its replay on RESUME, as Discord's clock counts them
        self.identified = asyncio.Event()
        self.sockets: list[web.WebSocketResponse] = []
        self.connections = 0
        self.shards: list[list[int] | None] = []  # the `shard` of each IDENTIFY ([id, count]), in order
        self._identifies = asyncio.Condition()
        self.opcodes: list[int] = []  # IDENTIFY (2) and RESUME (6) as received
        self.refuse_resume = False  # answer a RESUME with INVALID_SESSION (d: false), as after a long outage
        self.down = False  # refuse every connection (503), as Discord's gateway in an outage
        self._missed: list[tuple[str, dict[str, Any]]] = []  # events while no client was connected
        self._seq = itertools.count(1)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.down:
            return web.Response(status=503, text="upstream connect error")
        connection = web.WebSocketResponse()
        await connection.prepare(request)
        self.sockets.append(connection)
        self.connections += 1
        await connection.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        try:
            async for frame in connection:
                if frame.type is WSMsgType.TEXT:
                    await self._on_frame(connection, json.loads(frame.data))
        finally:
            self.sockets.remove(connection)
        return connection

    async def _on_frame(self, connection: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        match frame["op"]:
            case 1:  # heartbeat
                await connection.send_json({"op": 11, "d": None, "s": None, "t": None})
            case 2:  # identify
                self.opcodes.append(2)
                if frame["d"]["token"] != self.token:
                    await connection.close(code=4004, message=b"Authentication failed.")
                    return
                self.shards.append(frame["d"].get("shard"))
                await self._dispatch(connection, "READY", ready(self.url()))
                await self._dispatch(connection, "GUILD_CREATE", guild_create())
                self.identified.set()
                async with self._identifies:
                    self._identifies.notify_all()
            case 6:  # resume: Discord replays what the session missed
                self.opcodes.append(6)
                if self.refuse_resume:
                    self.refuse_resume = False
                    await connection.send_json({"op": 9, "d": False, "s": None, "t": None})
                    return
                await self._dispatch(connection, "RESUMED", {})
                missed, self._missed = self._missed, []
                if missed:
                    self.pass_time(self.gap)
                for event, data in missed:
                    await self._dispatch(connection, event, data)

    async def _dispatch(self, connection: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await connection.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def identifies(self, count: int) -> None:
        """Wait until `count` IDENTIFYs (from any number of connections) have been answered."""
        async with self._identifies:
            await self._identifies.wait_for(lambda: len(self.shards) >= count)

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        """Dispatch an event (e.g. INTERACTION_CREATE) to the most recent connection; while none is open,
        keep it for the session's RESUME."""
        if not self.sockets:
            self._missed.append((event, data))
            return
        await self._dispatch(self.sockets[-1], event, data)

    async def drop(self, code: int) -> None:
        """Close the bot's connection from Discord's side with `code` (4000: unknown error; reconnect)."""
        await self.sockets[-1].close(code=code)

    async def close(self) -> None:
        for connection in list(self.sockets):
            await connection.close()
