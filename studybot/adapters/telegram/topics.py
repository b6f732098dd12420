"""Forum topics: in a forum supergroup each topic is a conversation of its own, and the bot answers where it
was spoken to. A message sent without `message_thread_id` would land in the General topic.

Two halves. While an update from a topic is handled, every message sent to that same chat goes to the topic
(`TopicBot._post` adds the thread from the context variable `note_topic` sets), so no reply path can forget
it. Group play is posted later by a timer, with no update at hand: there a topic is a place of its own for
the engine, "CHAT/TOPIC" (as a Discord channel is), and `split` gives the adapter the chat and the thread.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, ExtBot

SENT_INTO_A_CHAT = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendPoll", "sendChatAction"})
_handling: ContextVar[tuple[int, int] | None] = ContextVar("telegram_topic", default=None)


def topic_of(message: object) -> int | None:
    """The forum topic `message` was posted in; None outside forums and in the General topic."""
    if isinstance(message, Message) and message.is_topic_message and message.message_thread_id:
        return message.message_thread_id
    return None


def place(chat_id: int, topic: int | None) -> str:
    """The engine's name for where group play happens: the chat, or one topic of a forum."""
    return str(chat_id) if topic is None else f"{chat_id}/{topic}"


def split(place_id: str) -> tuple[int, int | None]:
    """(chat id, topic or None) from `place`'s name."""
    chat, _, topic = place_id.partition("/")
    return int(chat), int(topic) if topic else None


async def note_topic(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run before every other handler (group -1), in the task handling this update."""
    if not isinstance(update, Update):
        return
    message = update.effective_message
    topic = topic_of(message)
    _handling.set(None if message is None or topic is None else (message.chat_id, topic))


class TopicBot(ExtBot[Any]):
    """A bot whose messages into the chat of the update being handled go to that update's topic."""

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        handling = _handling.get()
        if handling is not None and endpoint in SENT_INTO_A_CHAT and isinstance(data, dict):
            chat, topic = handling
            if data.get("message_thread_id") is None and str(data.get("chat_id")) == str(chat):
                data = {**data, "message_thread_id": topic}
        return await super()._post(endpoint, data, *args, **kwargs)
