"""A fake Telegram Bot API server on loopback, for the real python-telegram-bot to talk to.

It enforces what Telegram enforces (text 1–4,096 UTF-16 units after entity parsing, valid HTML,
photos uploaded as multipart files with captions of at most 1,024 units, callback_data 1–64 bytes,
at most 100 buttons and about 10 kB of JSON in an inline keyboard, quiz poll limits, answering each callback query once,
"message is not modified"), serves getUpdates from a queue the test fills, records every call, and fails on request:
429 with retry_after, 5xx, 403 for a chat that blocked the bot, or a call that never gets an answer.
Groups get Telegram's flood limit (`telegram_flood`): 20 new messages a minute, 429 with retry_after past it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.web import FileField

from tests.fakes.telegram_flood import GroupFlood
from tests.fakes.telegram_html import ParseError, parse_html, utf16_len

TOKEN = "123456789:AAF-fake-token-for-tests-only_x1"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Study", "username": "studybot_test_bot"}
STRING_PARAMS = {
    "text",
    "caption",
    "question",
    "explanation",
    "callback_query_id",
    "url",
    "secret_token",
    "parse_mode",
    "type",
}
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
JSON = dict[str, Any]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_CAPTION = 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # what the public Bot API lets a bot download
MAX_KEYBOARD_BUTTONS = 100  # an inline keyboard with more: 400 "reply markup is too long"
MAX_KEYBOARD_BYTES = 10_000  # and one of about 10 kB of JSON, even under 100 buttons (tginfo/Telegram-Limits#187)


class ApiError(Exception):
    def __init__(
        self, code: int, description: str, retry_after: int | None = None, migrate_to: int | None = None
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after
        self.migrate_to = migrate_to  # the supergroup a basic group became


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class _Failure:
    error: ApiError | None  # None: stall
    after: int  # calls to let through first
    carried_out: bool = False  # the call is carried out all the same (a server failing after it acted)


@dataclass
class Call:
    method: str
    params: JSON
    error: str | None = None


@dataclass(frozen=True)
class Document:
    """A file the bot uploaded with sendDocument."""

    chat_id: int
    filename: str
    content_type: str
    content: bytes


@dataclass
class FakeTelegram:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], JSON] = field(default_factory=dict)  # the bot's messages as they are now
    polls: dict[str, JSON] = field(default_factory=dict)
    commands: list[JSON] = field(default_factory=list)
    chat_commands: dict[int, list[JSON]] = field(default_factory=dict)  # menus scoped to one chat
    strangers: set[int] = field(default_factory=set)  # users who never opened a chat with the bot
    webhook: JSON | None = None
    blocked: set[int] = field(default_factory=set)
    answered_queries: dict[str, JSON] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    flood: GroupFlood = field(default_factory=GroupFlood)
    files: dict[str, bytes] = field(default_factory=dict)  # file_id → content, of files people sent
    file_sizes: dict[str, int | None] = field(default_factory=dict)  # file_id → the size Telegram announces
    downloads: list[str] = field(default_factory=list)  # file paths the bot downloaded
    admins: dict[int, set[int]] = field(default_factory=dict)  # group → its administrators (getChatMember)
    removed_from: set[int] = field(default_factory=set)  # groups the bot was removed from: 403 on every send
    muted_in: set[int] = field(default_factory=set)  # groups whose admins took the bot's right to post: 400
    migrated: dict[int, int] = field(default_factory=dict)  # basic group → the supergroup it became: 400 on sends
    forums: dict[int, set[int]] = field(default_factory=dict)  # forum groups → their topics' thread ids
    closed_topics: set[tuple[int, int]] = field(default_factory=set)  # (group, topic) an admin closed
    late_queries: set[str] = field(default_factory=set)  # callback queries answered too late (the bot was down)

    def __post_init__(self) -> None:
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: defaultdict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._poll_ids = itertools.count(1)
        self._queries: set[str] = set()
        self._failures: defaultdict[str, list[_Failure]] = defaultdict(list)
        self._holds: defaultdict[str, list[asyncio.Event]] = defaultdict(list)
        self.held = asyncio.Event()  # a held call has arrived
        self._changed = asyncio.Condition()
        self._closing = False
        self.polling = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- the test's side -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids[chat_id])

    def new_update(self, **content: Any) -> JSON:
        """An update (message=…, callback_query=…, poll_answer=…) as Telegram would number it."""
        if "callback_query" in content:
            self._queries.add(content["callback_query"]["id"])
        return {"update_id": next(self._update_ids), **content}

    async def add_update(self, **content: Any) -> int:
        """Queue an update for getUpdates; its id."""
        update = self.new_update(**content)
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return int(update["update_id"])

    def fail_next(
        self, method: str, code: int, retry_after: int | None = None, *, after: int = 0, carried_out: bool = False
    ) -> None:
        """The next call to `method` (or the one after `after` calls that go through) fails with `code`.
        Several failures queue up: each applies after the previous one. `carried_out`: the call takes effect
        (a message is posted) before the failure is answered, as when Telegram fails after acting."""
        descriptions = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
            409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        }
        description = descriptions.get(code, "Internal Server Error")
        self._failures[method].append(_Failure(ApiError(code, description, retry_after), after, carried_out))

    def stall_next(self, method: str) -> None:
        """The next call to `method` never gets an answer (the client times out); it is not carried out."""
        self._failures[method].append(_Failure(None, 0))

    def hold(self, method: str) -> asyncio.Event:
        """Keep the next call to `method` waiting until the returned event is set."""
        release = asyncio.Event()
        self._holds[method].append(release)
        return release

    def add_file(self, content: bytes, *, announced_size: int | None = None, unsized: bool = False) -> str:
        """A file a person sends (its file_id); `announced_size` is what Telegram tells the bot it weighs
        (a 50 MB file need not be built to be announced); `unsized`: no size given at all (the field is
        optional in the Bot API)."""
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = content
        size = len(content) if announced_size is None else announced_size
        self.file_sizes[file_id] = None if unsized else size
        return file_id

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    # --- the bot's side ----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = _decode(dict(await request.post()) if request.can_read_body else {})
        call = Call(method, params)
        self.calls.append(call)
        if self._holds[method]:
            release = self._holds[method].pop(0)
            self.held.set()
            await release.wait()
        try:
            failure = self._failure(method)
            if failure is not None and not failure.carried_out:
                if failure.error is None:
                    await self._stall()
                raise failure.error or ApiError(504, "Gateway Timeout")
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._flood_check(method, params)
            result = await handler(params)
            if failure is not None and failure.error is not None:
                raise failure.error
        except ApiError as error:
            call.error = error.description
            body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            if error.migrate_to is not None:
                body["parameters"] = {"migrate_to_chat_id": error.migrate_to}
            return web.json_response(body, status=error.code)
        return web.json_response({"ok": True, "result": result})

    def _flood_check(self, method: str, params: JSON) -> None:
        chat_id = params.get("chat_id")
        wait = None if chat_id is None else self.flood.retry_after(method, int(chat_id))
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        file_id = path.removeprefix("documents/")
        if file_id not in self.files:
            return web.Response(status=404)
        self.downloads.append(path)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    def _failure(self, method: str) -> _Failure | None:
        failures = self._failures[method]
        if not failures:
            return None
        if failures[0].after > 0:
            failures[0].after -= 1
            return None
        return failures.pop(0)

    async def _stall(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self._closing)

    async def _api_getMe(self, params: JSON) -> JSON:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_setMyCommands(self, params: JSON) -> bool:
        commands = params["commands"]
        if not 1 <= len(commands) <= 100:
            raise bad_request("too many commands")
        for command in commands:
            if not COMMAND.match(command["command"]) or not 1 <= len(command["description"]) <= 256:
                raise bad_request("BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        if scope["type"] == "chat":
            if scope["chat_id"] in self.strangers:
                raise bad_request("chat not found")
            if scope["chat_id"] in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            self.chat_commands[scope["chat_id"]] = commands
        elif scope["type"] == "default":
            self.commands = commands
        else:
            raise bad_request(f"scope {scope['type']} is not faked")
        return True

    async def _api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: JSON) -> bool:
        secret = params.get("secret_token")
        if secret is not None and not re.match(r"^[A-Za-z0-9_-]{1,256}$", secret):
            raise bad_request("secret token contains unallowed characters")
        self.webhook = {"url": params["url"], "secret_token": secret}
        return True

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset, timeout = int(params.get("offset", 0)), float(params.get("timeout", 0))
        self.polling.set()
        deadline = time.monotonic() + timeout
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing and (left := deadline - time.monotonic()) > 0:
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    break
            return list(self._updates[: int(params.get("limit", 100))])

    async def _api_sendMessage(self, params: JSON) -> JSON:
        chat_id = self._writable_chat(params)
        if chat_id in self.muted_in:
            raise bad_request("not enough rights to send text messages to the chat")
        text, entities = _text(params)
        markup = _markup(params.get("reply_markup"))
        message = self._new_message(
            chat_id, text=text, entities=entities, reply_markup=markup, **self._topic(params, chat_id)
        )
        reply = params.get("reply_parameters")
        if reply and (chat_id, reply["message_id"]) in self.messages:
            message["reply_to_message"] = self.messages[(chat_id, reply["message_id"])]
        message["_html"] = params["text"]
        message["_force_reply"] = (params.get("reply_markup") or {}).get("force_reply", False)
        return _public(message)

    async def _api_sendPhoto(self, params: JSON) -> JSON:
        """A photo uploaded as a file of a multipart form (the bot sends bytes, not a file id or a URL)."""
        chat_id = self._writable_chat(params)
        upload = params.get("photo")
        if not isinstance(upload, web.FileField):
            raise bad_request("wrong remote file identifier specified: the photo must be uploaded as a file")
        data = upload.file.read()
        if not data.startswith(PNG_SIGNATURE) and not data.startswith(b"\xff\xd8"):
            raise bad_request("IMAGE_PROCESS_FAILED")
        if len(data) > MAX_PHOTO_BYTES:
            raise bad_request("file is too big")
        caption, entities = _caption(params)
        photo = [{"file_id": f"photo{len(self.messages)}", "file_unique_id": "u", "width": 1, "height": 1}]
        message = self._new_message(
            chat_id,
            photo=photo,
            caption=caption or None,
            caption_entities=entities or None,
            **self._topic(params, chat_id),
        )
        message["_photo_bytes"] = data
        return _public(message)

    async def _api_editMessageText(self, params: JSON) -> JSON:
        message = self._own_message(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = _text(params)
        markup = _markup(params.get("reply_markup"))
        if (
            text == message["text"]
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        message.update(
            text=text, entities=entities, reply_markup=markup, _html=params["text"], edit_date=int(time.time())
        )
        return _public(message)

    async def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._own_message(params)
        markup = _markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise bad_request("message is not modified")
        message["reply_markup"] = markup
        return _public(message)

    async def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._queries or query_id in self.answered_queries or query_id in self.late_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if utf16_len(params.get("text") or "") > 200:  # counted as Telegram counts lengths: the strict way
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered_queries[query_id] = params
        return True

    async def _api_sendPoll(self, params: JSON) -> JSON:
        chat_id = self._writable_chat(params)
        question, options = params["question"], [o["text"] if isinstance(o, dict) else o for o in params["options"]]
        explanation = params.get("explanation") or ""
        if not 1 <= utf16_len(question) <= 300:
            raise bad_request("POLL_QUESTION_INVALID")
        if not 2 <= len(options) <= 12 or not all(1 <= utf16_len(o) <= 100 for o in options):
            raise bad_request("POLL_OPTION_INVALID")
        if utf16_len(explanation) > 200 or explanation.count("\n") > 2:
            raise bad_request("message is too long")
        correct = params.get("correct_option_ids")
        if params.get("type") == "quiz" and (not correct or len(correct) != 1 or not 0 <= correct[0] < len(options)):
            raise bad_request("wrong correct option ids specified")
        poll = {
            "id": str(next(self._poll_ids)),
            "question": question,
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
            "options": [{"text": o, "voter_count": 0, "persistent_id": f"o{i}"} for i, o in enumerate(options)],
            "correct_option_ids": correct or [],
            "explanation": explanation or None,
        }
        self.polls[poll["id"]] = {**poll, "chat_id": chat_id}
        return _public(self._new_message(chat_id, poll=poll, **self._topic(params, chat_id)))

    async def _api_stopPoll(self, params: JSON) -> JSON:
        """Close one of the bot's polls: no more votes; stopping it twice is an error, as on Telegram."""
        message = self._own_message(params)
        poll = message.get("poll")
        if poll is None:
            raise bad_request("message with poll to stop not found")
        if poll["is_closed"]:
            raise bad_request("poll has already been closed")
        poll["is_closed"] = True
        self.polls[poll["id"]]["is_closed"] = True
        return dict(poll)

    async def _api_deleteMessage(self, params: JSON) -> bool:
        """One of the bot's messages goes (a poll with it: nobody can vote on it any more)."""
        message = self._own_message(params)
        del self.messages[(int(params["chat_id"]), int(params["message_id"]))]
        if (poll := message.get("poll")) is not None:
            self.polls[poll["id"]]["is_closed"] = True
        return True

    async def _api_getFile(self, params: JSON) -> JSON:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        size = self.file_sizes[file_id]
        if len(self.files[file_id]) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        found = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_path": f"documents/{file_id}"}
        return found if size is None else {**found, "file_size": size}

    async def _api_sendDocument(self, params: JSON) -> JSON:
        """A document uploaded as a multipart file part (what aiohttp parses into a FileField); a string is
        a file_id or URL, which this fake does not serve."""
        chat_id = self._writable_chat(params)
        upload = params.get("document")
        if not isinstance(upload, FileField):
            raise bad_request("wrong remote file identifier specified: can't unserialize it")
        content = upload.file.read()
        if not content:
            raise bad_request("file must be non-empty")
        caption: JSON = {}
        if params.get("caption"):
            text, entities = _text({"text": params["caption"], "parse_mode": params.get("parse_mode")})
            if utf16_len(text) > 1024:
                raise bad_request("message caption is too long")
            caption = {"caption": text, "caption_entities": entities}
        document = {
            "file_id": f"doc{len(self.documents) + 1}",
            "file_unique_id": f"u{len(self.documents) + 1}",
            "file_name": upload.filename,
            "mime_type": upload.content_type,
            "file_size": len(content),
        }
        self.documents.append(Document(chat_id, upload.filename, upload.content_type, content))
        return _public(self._new_message(chat_id, document=document, **caption, **self._topic(params, chat_id)))

    async def _api_sendChatAction(self, params: JSON) -> bool:
        self._topic(params, self._writable_chat(params))
        if params.get("action") not in {"typing", "upload_photo", "upload_document"}:
            raise bad_request("wrong parameter action in request")
        return True

    # --- state ---------------------------------------------------------------------------------------------

    async def _api_getChatMember(self, params: JSON) -> JSON:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id in self.removed_from:
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        if user_id not in self.admins.get(chat_id, set()):
            return {"status": "member", "user": user}
        rights = (
            "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats "
            "can_restrict_members can_promote_members can_change_info can_invite_users can_post_stories "
            "can_edit_stories can_delete_stories"
        )
        return {"status": "administrator", "user": user, **dict.fromkeys(rights.split(), False)}

    def _writable_chat(self, params: JSON) -> int:
        chat_id = int(params["chat_id"])
        if chat_id in self.migrated:
            raise ApiError(
                400, "Bad Request: group chat was upgraded to a supergroup chat", None, self.migrated[chat_id]
            )
        if chat_id in self.removed_from:
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.strangers:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _topic(self, params: JSON, chat_id: int) -> JSON:
        """What a new message says of its forum topic; a topic the send names must exist."""
        topic = params.get("message_thread_id")
        if topic is None:
            return {}
        if int(topic) not in self.forums.get(chat_id, set()):
            raise bad_request("message thread not found")
        if (chat_id, int(topic)) in self.closed_topics:
            raise bad_request("TOPIC_CLOSED")
        return {"message_thread_id": int(topic), "is_topic_message": True}

    def _own_message(self, params: JSON) -> JSON:
        key = (self._writable_chat(params), int(params["message_id"]))
        if key not in self.messages:
            raise bad_request("message to edit not found")
        return self.messages[key]

    def _new_message(self, chat_id: int, **content: Any) -> JSON:
        chat: JSON = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if chat_id < 0:
            chat["title"] = "Study group"
        if chat_id in self.forums:
            chat["is_forum"] = True
        message = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **content,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message


def _decode(form: dict[str, Any]) -> JSON:
    """python-telegram-bot form-encodes each value, JSON-encoding all but plain strings."""
    params: JSON = {}
    for key, value in form.items():
        if key in STRING_PARAMS or not isinstance(value, str):
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _text(params: JSON) -> tuple[str, list[JSON]]:
    source = params.get("text", "")
    if params.get("parse_mode") == "HTML":
        try:
            text, entities = parse_html(source)
        except ParseError as exc:
            raise bad_request(str(exc)) from exc
    else:
        text, entities = source, []
    if not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > 4096:
        raise bad_request("message is too long")
    return text, entities


def _caption(params: JSON) -> tuple[str, list[JSON]]:
    source = params.get("caption") or ""
    if not source:
        return "", []
    if params.get("parse_mode") == "HTML":
        try:
            caption, entities = parse_html(source)
        except ParseError as exc:
            raise bad_request(str(exc)) from exc
    else:
        caption, entities = source, []
    if utf16_len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return caption, entities


def _markup(markup: JSON | None) -> JSON | None:
    """The inline keyboard as a Message carries it; other markups are not part of a Message."""
    if not markup or "inline_keyboard" not in markup:
        return None
    if sum(len(row) for row in markup["inline_keyboard"]) > MAX_KEYBOARD_BUTTONS:
        raise bad_request("reply markup is too long")
    if len(json.dumps(markup, ensure_ascii=False, separators=(",", ":")).encode()) > MAX_KEYBOARD_BYTES:
        raise bad_request("reply markup is too long")
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if not button.get("text") or (data is not None and not 1 <= len(data.encode()) <= 64):
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _public(message: JSON) -> JSON:
    return {key: value for key, value in message.items() if not key.startswith("_") and value is not None}
