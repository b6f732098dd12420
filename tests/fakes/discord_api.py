"""A fake Discord on loopback: REST API and gateway, enough for real discord.py 2.7 to run a bot against.

It answers login, the gateway handshake (HELLO, IDENTIFY → READY and GUILD_CREATE, heartbeats), command sync,
interaction callbacks (one initial response, 40060 after; only the response types an interaction takes; only
within 3 s of the interaction by Discord's clock, else 10062, as for one replayed late after a gateway gap),
follow-ups and edits (by a token valid 15 minutes: `advance` moves Discord's clock), DM channels and messages;
it enforces Discord's size limits (400, code 50035), refuses empty messages (50006) and injects failures on
request. Tests drive it with `FakeDiscord.slash/click/submit/autocomplete` and read what the bot answered from
`Exchange` objects.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes import discord_limits as limits
from tests.fakes import discord_uploads as uploads
from tests.fakes.discord_gateway import FakeGateway
from tests.fakes.discord_payloads import (
    APP_ID,
    APP_PERMISSIONS,
    BOT,
    CHANNEL_ID,
    EMBED_LINKS,
    DiscordUser,
    application,
    message,
)

EPHEMERAL = 64
CUT = 599  # marks an injected failure that cuts the connection instead of answering (`fail(..., 0)`)
EDITABLE = ("content", "embeds", "components", "attachments")
MESSAGE_TYPES = {4, 7}  # callback types that carry a message (a new one, or an update of the clicked one)
RESPONSES = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}  # interaction type → callback types taken
INITIAL_RESPONSE_S = 3.0  # the interaction's initial response (or defer), by Discord's clock: time the test
# lets pass (`advance`, a gateway gap); the test's own running time is not counted, so a loaded machine fails nothing
TOKEN_VALID_S = 15 * 60.0  # follow-ups and edits of the original response, by the interaction's token
_ids = itertools.count(1_300_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the content type exactly `application/json`: discord.py parses nothing else."""
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


def error(status: int, code: int, text: str) -> web.Response:
    return reply({"code": code, "message": text}, status)


@dataclass
class Failure:
    method: str
    path_part: str
    status: int
    code: int
    times: int
    after: bool = False  # the request is carried out, and only its reply is the error (a lost response)


@dataclass
class Exchange:
    """One interaction and everything the bot sent back for it."""

    interaction_id: str
    token: str
    user: DiscordUser
    channel_id: str
    kind: int = 2  # the interaction's type: 2 a command, 3 a click, 4 autocomplete, 5 a modal submitted
    sent: list[dict[str, Any]] = field(default_factory=list)  # message bodies, in order
    message_ids: list[str] = field(default_factory=list)  # messages this exchange created or updated
    callback_type: int | None = None
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    original_id: str | None = None  # the message the original response is (or, for a click, the clicked one)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    sent_at: float = 0.0  # loop time the interaction was sent to the bot
    skipped_at: float = 0.0  # how far the test had moved Discord's clock on (`FakeDiscord.advance`) by then
    acknowledged_at: float = 0.0  # loop time its initial response arrived
    acknowledged: asyncio.Event = field(default_factory=asyncio.Event)  # set when its initial response arrives
    late: bool = False  # its initial response was refused as too late (10062): a DM to the person answers it


class FakeDiscord:
    def __init__(self) -> None:
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.messages: dict[str, dict[str, Any]] = {}  # id → the message as Discord holds it now
        self.exchanges: dict[str, Exchange] = {}  # by interaction token
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or a guild id → synced commands
        self.dm_channels: dict[str, DiscordUser] = {}
        self.dms: list[dict[str, Any]] = []  # messages sent to DM channels by REST (pushes)
        self.channel_posts: list[dict[str, Any]] = []  # messages posted by REST in the guild's channel
        self.app_permissions = APP_PERMISSIONS  # the bot's in the guild's channel: without Embed Links, posts lose
        # their embeds (Discord drops them from a message with text or buttons, and refuses one with neither)
        self.uploads: dict[str, bytes] = {}  # attachment id → the uploaded file
        self.attachments: dict[str, bytes] = {}  # attachment id → a file a person attached to a command
        self.attachment_downloads: list[str] = []  # attachment ids the bot downloaded
        self.held_downloads: asyncio.Event | None = None  # set by a test: downloads wait until it is set
        self.download_waiting = asyncio.Event()  # a download is being held
        self.failures: list[Failure] = []
        self.lost: set[str] = set()  # paths of requests carried out whose answer was an injected error
        self.failed = asyncio.Event()  # an injected failure was served
        self.rejected: list[str] = []  # why requests were refused (limits, double acknowledgements)
        self.synced = asyncio.Event()
        self.syncs = 0  # command syncs (PUT …/commands) received
        self.token = "fake-token-" + "x" * 40
        self.gateway = FakeGateway(self.token, lambda: self.gateway_url, self.advance)
        self.advertised_gateway: str | None = None  # what GET /gateway/bot names (default: this fake's gateway)
        self.skipped = 0.0  # seconds the test moved Discord's clock on (`advance`)

    # --- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{id}/{name}", self._attachment)
        self.runner = web.AppRunner(app, handle_signals=False)
        await self.runner.setup()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        await web.SockSite(self.runner, listener).start()

    async def close(self) -> None:
        await self.gateway.close()
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def identified(self) -> asyncio.Event:
        """Set when a client has identified on the gateway (and got READY)."""
        return self.gateway.identified

    @property
    def connections(self) -> int:
        return self.gateway.connections

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def attach(self, filename: str, content: bytes, *, announced_size: int | None = None) -> dict[str, Any]:
        """A file a person attaches to a slash command, served on loopback as Discord's CDN serves it;
        `announced_size` is the size the interaction claims (a 50 MB file need not be built)."""
        attachment_id = snowflake()
        self.attachments[attachment_id] = content
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{filename}"
        size = len(content) if announced_size is None else announced_size
        return {"id": attachment_id, "filename": filename, "size": size, "url": url, "proxy_url": url}

    async def _attachment(self, request: web.Request) -> web.Response:
        attachment_id = request.match_info["id"]
        if attachment_id not in self.attachments:
            return web.Response(status=404)
        self.attachment_downloads.append(attachment_id)
        if self.held_downloads is not None:
            self.download_waiting.set()
            await self.held_downloads.wait()
        return web.Response(body=self.attachments[attachment_id], content_type="application/octet-stream")

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass for Discord: interactions grow older (their tokens expire after 15 minutes)."""
        self.skipped += seconds

    def age(self, exchange: Exchange) -> float:
        now = asyncio.get_running_loop().time()
        return now - exchange.sent_at + self.skipped - exchange.skipped_at

    def fail(
        self, method: str, path_part: str, status: int, code: int = 0, times: int = 1, *, after: bool = False
    ) -> None:
        """The next `times` requests whose path contains `path_part` get `status` (e.g. 403 + 50007; 0: the
        connection is cut before any answer);
        `after`: each is carried out first, as when Discord created a message and its reply was lost."""
        self.failures.append(Failure(method, path_part, status, code, times, after))

    async def connected(self) -> None:
        """Wait until the bot has synced its commands and identified on the gateway."""
        await asyncio.wait_for(asyncio.gather(self.synced.wait(), self.identified.wait()), 20)

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        await self.gateway.send_event(event, data)

    # --- REST -------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        if request.headers.get("Authorization") not in {f"Bot {self.token}", None}:
            return error(401, 0, "401: Unauthorized")
        failure = self._failure(request.method, path)
        if failure is not None and not failure[1]:
            return _cut(request) if failure[0].status == CUT else failure[0]
        body, files = await uploads.read_body(request)
        message = body.get("data") if "type" in body and isinstance(body.get("data"), dict) else body
        has_files = isinstance(message, dict) and (files or message.get("attachments"))
        if has_files and (problems := uploads.attach(message, files, self.uploads, snowflake)):
            return self._refused(problems)
        parts = path.strip("/").split("/")
        done = await self._route(request.method, parts, body)
        if failure is None:
            return done
        self.lost.add(path)
        return _cut(request) if failure[0].status == CUT else failure[0]

    def _failure(self, method: str, path: str) -> tuple[web.Response, bool] | None:
        """The injected error for this request, and whether it comes after the request was carried out."""
        for failure in self.failures:
            if failure.method == method and failure.path_part in path and failure.times > 0:
                failure.times -= 1
                self.failed.set()
                if failure.status == 429:
                    body = {"message": "You are being rate limited.", "retry_after": 0.01, "global": False}
                    return reply(body, 429, {"Via": "1.1 google", "X-RateLimit-Scope": "user"}), failure.after
                status = failure.status or CUT
                return error(status, failure.code, f"injected {failure.status}"), failure.after
        return None

    async def _route(self, method: str, parts: list[str], body: dict[str, Any]) -> web.Response:
        match method, parts:
            case "GET", ["users", "@me"]:
                return reply(BOT.payload())
            case "GET", ["oauth2", "applications", "@me"]:
                return reply(application())
            case "GET", ["gateway"]:
                return reply({"url": self.gateway_url})
            case "GET", ["gateway", "bot"]:
                limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
                url = self.advertised_gateway or self.gateway_url
                return reply({"url": url, "shards": 1, "session_start_limit": limit})
            case "PUT", ["applications", _, "commands"]:
                return self._sync("global", body)
            case "PUT", ["applications", _, "guilds", guild, "commands"]:
                return self._sync(guild, body)
            case "POST", ["interactions", _, token, "callback"]:
                return self._callback(token, body)
            case "POST", ["webhooks", _, token]:
                return self._followup(token, body)
            case (("PATCH" | "GET"), ["webhooks", _, token, "messages", which]):
                return self._edit(token, which, body if method == "PATCH" else None)
            case "POST", ["users", "@me", "channels"]:
                return self._open_dm(body)
            case "POST", ["channels", channel, "messages"]:
                return self._post(channel, body)
            case "PATCH", ["channels", channel, "messages", message_id]:
                return self._edit_in_channel(channel, message_id, body)
        return error(404, 0, f"404: Not Found ({method} /{'/'.join(parts)})")

    def _sync(self, scope: str, commands: list[dict[str, Any]]) -> web.Response:
        if problems := limits.commands_problems(commands):
            return self._refused(problems)
        stored = [{**c, "id": snowflake(), "application_id": APP_ID, "version": "1", "type": 1} for c in commands]
        if scope != "global":
            stored = [{**c, "guild_id": scope} for c in stored]
        self.commands[scope] = stored
        self.syncs += 1
        self.synced.set()
        return reply(stored)

    def _refused(self, problems: list[str]) -> web.Response:
        self.rejected += problems
        return error(400, 50035, "Invalid Form Body: " + "; ".join(problems))

    def _callback(self, token: str, body: dict[str, Any]) -> web.Response:
        exchange = self.exchanges.get(token)
        if exchange is None:
            return error(404, 10062, "Unknown interaction")
        if exchange.callback_type is None and self.skipped - exchange.skipped_at > INITIAL_RESPONSE_S:
            exchange.late = True
            return error(404, 10062, "Unknown interaction")
        if exchange.callback_type is not None and not self._retried(token):
            self.rejected.append("40060")
        if exchange.callback_type is not None:
            return error(400, 40060, "Interaction has already been acknowledged.")
        kind, data = body["type"], body.get("data") or {}
        if kind not in RESPONSES[exchange.kind]:
            return self._refused([f"callback type {kind} for an interaction of type {exchange.kind}"])
        if problems := _response_problems(kind, data):
            return self._refused(problems)
        exchange.callback_type = kind
        exchange.acknowledged_at = asyncio.get_running_loop().time()
        exchange.acknowledged.set()
        info: dict[str, Any] = {"id": exchange.interaction_id, "type": 2}
        resource: dict[str, Any] = {"type": kind}
        if kind == 9:
            exchange.modal = data
        elif kind == 8:
            exchange.choices = data.get("choices", [])
        elif kind == 4 or kind == 5:
            created = self._store(exchange.channel_id, data if kind == 4 else {"flags": data.get("flags", 0)})
            exchange.original_id = created["id"]
            info |= {"response_message_id": created["id"], "response_message_loading": kind == 5}
            info["response_message_ephemeral"] = bool(created["flags"] & EPHEMERAL)
            resource["message"] = created
        elif kind == 7 and exchange.original_id is not None:
            resource["message"] = self._update(exchange.original_id, data)
        self._record(exchange, data if kind in MESSAGE_TYPES else None, kind in {4, 8, 9} or _complete(data, kind))
        return reply({"interaction": info, "resource": resource})

    def _retried(self, token: str) -> bool:
        """Whether this acknowledgement may be discord.py trying again after the first one's answer was lost
        (it cannot know Discord took it); once."""
        lost = {path for path in self.lost if f"/{token}/callback" in path}
        self.lost -= lost
        return bool(lost)

    def _webhook(self, token: str) -> Exchange | web.Response:
        """The interaction a follow-up or an edit names by its token: acknowledged, and not 15 minutes old."""
        exchange = self.exchanges.get(token)
        if exchange is None or exchange.callback_type is None:
            return error(404, 10015, "Unknown Webhook")
        if self.age(exchange) > TOKEN_VALID_S:
            self.rejected.append("50027: interaction token older than 15 minutes")
            return error(401, 50027, "Invalid Webhook Token")
        return exchange

    def _followup(self, token: str, body: dict[str, Any]) -> web.Response:
        exchange = self._webhook(token)
        if not isinstance(exchange, Exchange):
            return exchange
        if problems := limits.message_problems(body) + (["50006: empty message"] if limits.empty(body) else []):
            return self._refused(problems)
        created = self._store(exchange.channel_id, body)
        exchange.message_ids.append(created["id"])
        self._record(exchange, body, True)
        return reply(created)

    def _edit(self, token: str, which: str, body: dict[str, Any] | None) -> web.Response:
        exchange = self._webhook(token)
        if not isinstance(exchange, Exchange):
            return exchange
        target = exchange.original_id if which == "@original" else which
        if target is None or target not in self.messages:
            return error(404, 10008, "Unknown Message")
        if body is None:
            return reply(self.messages[target])
        if problems := self._edit_problems(target, body):
            return self._refused(problems)
        updated = self._update(target, body)
        self._record(exchange, body, _complete(body, 4))
        return reply(updated)

    def _open_dm(self, body: dict[str, Any]) -> web.Response:
        user = DiscordUser(int(body["recipient_id"]), f"user{body['recipient_id']}")
        channel = next((cid for cid, u in self.dm_channels.items() if u.id == user.id), None) or snowflake()
        self.dm_channels[channel] = user
        return reply({"id": channel, "type": 1, "recipients": [user.payload()], "last_message_id": None})

    def _post(self, channel: str, body: dict[str, Any]) -> web.Response:
        if channel not in self.dm_channels and channel != CHANNEL_ID:
            return error(404, 10003, "Unknown Channel")
        if problems := limits.message_problems(body) + (["50006: empty message"] if limits.empty(body) else []):
            return self._refused(problems)
        if channel == CHANNEL_ID and body.get("embeds") and not self.app_permissions & EMBED_LINKS:
            if not body.get("content") and not body.get("components"):
                return error(403, 50013, "Missing Permissions")
            body = {**body, "embeds": []}
        if body.get("enforce_nonce") and (same := self._with_nonce(channel, body.get("nonce"))) is not None:
            return reply(same)  # Discord's answer to a message sent again: the one it created before
        created = self._store(channel, body)
        created["nonce"] = body.get("nonce")
        (self.dms if channel in self.dm_channels else self.channel_posts).append(created)
        self._answers_late(channel, body, created["id"])
        return reply(created)

    def _answers_late(self, channel: str, body: dict[str, Any], message_id: str) -> None:
        """A DM to someone whose interaction was refused as too late is the bot's answer to it (to their latest)."""
        person = self.dm_channels.get(channel)
        late = [e for e in self.exchanges.values() if person is not None and e.late and e.user.id == person.id]
        if late:
            late[-1].message_ids.append(message_id)
            self._record(late[-1], body, True)

    def _with_nonce(self, channel: str, nonce: object) -> dict[str, Any] | None:
        """The bot's message in `channel` sent with `nonce` (Discord remembers them for a few minutes)."""
        found = (m for m in self.messages.values() if m["channel_id"] == channel and m.get("nonce") == nonce)
        return next(found, None) if nonce is not None else None

    def _edit_in_channel(self, channel: str, message_id: str, body: dict[str, Any]) -> web.Response:
        """The bot editing its own message in a channel (a closed challenge question)."""
        found = self.messages.get(message_id)
        if found is None or found["channel_id"] != channel or found["flags"] & EPHEMERAL:  # only by its token
            return error(404, 10008, "Unknown Message")
        if problems := self._edit_problems(message_id, body):
            return self._refused(problems)
        return reply(self._update(message_id, body))

    def _edit_problems(self, message_id: str, body: dict[str, Any]) -> list[str]:
        """An edit's own limits, and the message it leaves must not be empty."""
        after = {**self.messages[message_id], **{k: v for k, v in body.items() if k in EDITABLE}}
        return limits.message_problems(body) + (["50006: empty message"] if limits.empty(after) else [])

    # --- messages ---------------------------------------------------------------------------------
    def _store(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        created = message(snowflake(), channel_id, body)
        self.messages[created["id"]] = created
        return created

    def _update(self, message_id: str, body: dict[str, Any]) -> dict[str, Any]:
        current = self.messages[message_id]
        for key in EDITABLE:
            if key in body:
                current[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        current["edited_timestamp"] = current["timestamp"]
        return current

    def _record(self, exchange: Exchange, body: dict[str, Any] | None, complete: bool) -> None:
        if body is not None:
            exchange.sent.append(body)
        if complete:
            exchange.done.set()


def _cut(request: web.Request) -> web.Response:
    """No answer at all: the connection closes under the request (the client sees a disconnect)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=CUT)


def _response_problems(kind: int, data: dict[str, Any]) -> list[str]:
    """What Discord refuses in an initial response: a modal's limits, autocomplete's, or a message's."""
    if kind == 9:
        return limits.modal_problems(data)
    if kind == 8:
        return limits.choices_problems(data.get("choices") or [])
    problems = limits.message_problems(data)
    return problems + (["50006: empty message"] if kind == 4 and limits.empty(data) else [])


def _complete(body: dict[str, Any], kind: int) -> bool:
    """A message that carries a reply (text or embeds), not only a change of buttons or a defer."""
    return kind in MESSAGE_TYPES and ("embeds" in body or "content" in body)
