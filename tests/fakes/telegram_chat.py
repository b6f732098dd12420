"""People chatting with the bot through the fake Bot API: `await alice.says("/quiz")`,
`await alice.presses("Show answer")`, `alice.bot_said()`. Each action is one update; it returns once
python-telegram-bot has finished handling it (the tracker below), so tests need no sleeps."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import httpx
from telegram import Update
from telegram.ext import SimpleUpdateProcessor

from tests.fakes.telegram_api import JSON, FakeTelegram

HANDLED_WITHIN_S = 30
# The account Telegram puts in `from` of an anonymous admin's message (the Bot API's documented stand-in)
ANONYMOUS_ADMIN: JSON = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
# the sender of a linked channel's posts forwarded into its discussion group: not marked as a bot
TELEGRAM_SERVICE: JSON = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
LINKED_CHANNEL: JSON = {"id": -1009999, "type": "channel", "title": "Study news"}


async def post_update(url: str, update: JSON, secret: str | None) -> int:
    """POST `update` to a webhook as Telegram does; the HTTP status."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json=update, headers=headers)
    return response.status_code


class UpdateTracker(SimpleUpdateProcessor):
    """python-telegram-bot's concurrent update processor, telling the test when each update is handled."""

    def __init__(self) -> None:
        super().__init__(max_concurrent_updates=256)
        self._handled: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self._handled[update.update_id].set()

    async def handled(self, update_id: int) -> None:
        await asyncio.wait_for(self._handled[update_id].wait(), HANDLED_WITHIN_S)


@dataclass
class Sent:
    """A message of the bot's, as it is now (after edits)."""

    raw: JSON

    @property
    def text(self) -> str:
        """What a reader sees: the text, or a photo's caption."""
        return str(self.raw.get("text") or self.caption)

    @property
    def buttons(self) -> list[str]:
        keyboard = (self.raw.get("reply_markup") or {}).get("inline_keyboard", [])
        return [button["text"] for row in keyboard for button in row]

    def callback(self, label: str) -> str:
        """The callback data of the button called `label` (kept to press it again after it is gone)."""
        keyboard = (self.raw.get("reply_markup") or {}).get("inline_keyboard", [])
        return str(next(b["callback_data"] for row in keyboard for b in row if b["text"] == label))

    @property
    def caption(self) -> str:
        return str(self.raw.get("caption") or "")

    @property
    def photo(self) -> bytes | None:
        """The uploaded picture's bytes, for a photo message."""
        return self.raw.get("_photo_bytes")

    @property
    def poll(self) -> JSON | None:
        return self.raw.get("poll")

    @property
    def id(self) -> int:
        return int(self.raw["message_id"])


class Chatroom:
    """The bot's side of the conversation and the updates the people send."""

    def __init__(
        self, fake: FakeTelegram, tracker: UpdateTracker, service: object = None, stop: asyncio.Event | None = None
    ) -> None:
        self.fake = fake
        self.tracker = tracker
        self.service = service
        self.stop = stop or asyncio.Event()  # set it to stop the bot as SIGTERM would
        self._query_ids = itertools.count(1)

    async def send(self, **content: Any) -> None:
        """The update reaches the bot by getUpdates, or by a POST to its webhook when one is set."""
        if self.fake.webhook is None:
            await self.tracker.handled(await self.fake.add_update(**content))
            return
        update = self.fake.new_update(**content)
        status = await post_update(self.fake.webhook["url"], update, self.fake.webhook["secret_token"])
        assert status == 200, status
        await self.tracker.handled(update["update_id"])

    def messages_in(self, chat_id: int) -> list[Sent]:
        return [Sent(m) for (chat, _), m in sorted(self.fake.messages.items()) if chat == chat_id]

    def as_now(self, message: Sent) -> Sent:
        """`message` as it reads now, after the bot's edits."""
        return Sent(self.fake.messages[(message.raw["chat"]["id"], message.id)])

    def new_query_id(self) -> str:
        return f"q{next(self._query_ids)}"


class Person:
    def __init__(
        self, room: Chatroom, user_id: int, name: str, chat_id: int | None = None, *, topic: int | None = None
    ) -> None:
        """`topic`: the person writes in that topic of a forum group, and sees only its messages."""
        self.room = room
        self.user = {"id": user_id, "is_bot": False, "first_name": name}
        self.chat_id = chat_id if chat_id is not None else user_id
        self.topic = topic
        if topic is not None:
            room.fake.forums.setdefault(self.chat_id, set()).add(topic)
        self._seen = 0  # messages of the bot in this chat before the last action
        self.alert: str | None = None  # the answer to the last button press

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def _chat(self) -> JSON:
        if self.chat_id > 0:
            return {"id": self.chat_id, "type": "private", "first_name": self.user["first_name"]}
        forum = {"is_forum": True} if self.chat_id in self.room.fake.forums else {}
        return {"id": self.chat_id, "type": "supergroup", "title": "Study group", **forum}

    def _messages(self) -> list[Sent]:
        """The bot's messages where I am: the chat, or in a forum my topic (None: the General topic)."""
        every = self.room.messages_in(self.chat_id)
        if self.chat_id not in self.room.fake.forums:
            return every
        return [m for m in every if m.raw.get("message_thread_id") == self.topic]

    def _mark(self) -> None:
        self._seen = len(self._messages())

    async def says(
        self, text: str, *, replying_to: Sent | None = None, as_the_group: bool = False, from_channel: bool = False
    ) -> None:
        """`as_the_group`: an admin with "Remain anonymous" on; Telegram shows the group as the sender.
        `from_channel`: a post in the group's linked channel, forwarded into the group by Telegram itself."""
        self._mark()
        message: JSON = {
            "message_id": self.room.fake.next_message_id(self.chat_id),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": ANONYMOUS_ADMIN if as_the_group else TELEGRAM_SERVICE if from_channel else self.user,
            "text": text,
        }
        if as_the_group:
            message["sender_chat"] = self._chat()
        if from_channel:
            message |= {"sender_chat": LINKED_CHANNEL, "is_automatic_forward": True}
        if self.topic is not None:
            message |= {"message_thread_id": self.topic, "is_topic_message": True}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}]
        if replying_to is not None:
            message["reply_to_message"] = {k: v for k, v in replying_to.raw.items() if not k.startswith("_")}
        await self.room.send(message=message)

    async def sends_file(
        self,
        name: str,
        content: bytes,
        *,
        announced_size: int | None = None,
        unsized: bool = False,
        caption: str | None = None,
    ) -> None:
        """Send a document; the bot learns its size from the message and downloads it with getFile."""
        self._mark()
        file_id = self.room.fake.add_file(content, announced_size=announced_size, unsized=unsized)
        document: JSON = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": name}
        if (size := self.room.fake.file_sizes[file_id]) is not None:
            document["file_size"] = size
        message: JSON = {
            "message_id": self.room.fake.next_message_id(self.chat_id),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self.user,
            "document": document,
        }
        if caption is not None:
            message["caption"] = caption
        await self.room.send(message=message)

    async def replies_to(self, message: Sent, text: str) -> None:
        await self.says(text, replying_to=message)

    async def presses(self, label: str, *, on: Sent | None = None, data: str | None = None) -> str | None:
        """Press the newest button called `label` in this chat (or on message `on`); the alert or toast shown."""
        target = on or next((m for m in reversed(self._messages()) if label in m.buttons), None)
        assert target is not None, f"no button {label!r} in {[m.buttons for m in self._messages()]}"
        return await self.sends_callback(target, data or target.callback(label))

    async def sends_callback(self, target: Sent, data: str) -> str | None:
        self._mark()
        query_id = self.room.new_query_id()
        query = {"id": query_id, "from": self.user, "chat_instance": "ci", "data": data, "message": target.raw}
        await self.room.send(callback_query=query)
        answer = self.room.fake.answered_queries.get(query_id)
        assert answer is not None, "the callback query was not answered"
        self.alert = answer.get("text")
        return self.alert

    async def votes(self, option: str, *, on: Sent | None = None, late: bool = False) -> None:
        """Answer the newest quiz poll in this chat (or poll message `on`) with the option called `option`;
        `late`: a vote cast before the poll was stopped that arrives after."""
        self._mark()
        poll = on.poll if on else next(m.poll for m in reversed(self._messages()) if m.poll)
        assert poll is not None
        assert late or not poll["is_closed"], "a stopped poll takes no votes"
        index = next(i for i, o in enumerate(poll["options"]) if o["text"] == option)
        answer = {
            "poll_id": poll["id"],
            "user": self.user,
            "option_ids": [index],
            "option_persistent_ids": [f"o{index}"],
        }
        await self.room.send(poll_answer=answer)

    def new_messages(self) -> list[Sent]:
        """The bot's messages in this chat since my last action."""
        return self._messages()[self._seen :]

    def bot_said(self) -> str:
        return "\n\n".join(m.text for m in self.new_messages())

    def last_message(self) -> Sent:
        return self._messages()[-1]

    def question(self) -> Sent:
        """The newest message of the bot's that asks something (buttons or a forced reply)."""
        return next(m for m in reversed(self._messages()) if m.buttons or m.raw.get("_force_reply"))
