"""Building the python-telegram-bot Application: the bot, its requests and limits, and the handlers."""

from __future__ import annotations

import os
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    TypeHandler,
    filters,
)

from studybot.adapters.telegram.groups import TelegramGroups
from studybot.adapters.telegram.handlers import Handlers
from studybot.adapters.telegram.limits import FloodLimiter, GroupBudget
from studybot.adapters.telegram.presses import Presses
from studybot.adapters.telegram.reading import ReadingBot
from studybot.adapters.telegram.requests import SendRequest, UpdatesRequest
from studybot.adapters.telegram.sending import Sender
from studybot.adapters.telegram.topics import note_topic
from studybot.adapters.telegram.uploads import Uploads
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.health import Health
from studybot.retry import POLLING, QUICK, Backoff

RATE_LIMIT_RETRIES = 3  # a 429 is waited out (retry_after) this many times before the send fails
CONCURRENT_UPDATES = 256
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.POLL_ANSWER]
POLL_INTERVAL_S = 0.02
TelegramApp = Application[Any, Any, Any, Any, Any, Any]


def use_timedeltas() -> None:
    """Opt in to python-telegram-bot's timedelta durations (its own 429 handling otherwise warns that
    `retry_after` will change type; the opt-in is an environment variable it reads on each use)."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def rate_limiter() -> FloodLimiter:
    """Telegram's 30 messages/s, and 429s in private chats retried after `retry_after`; groups are never
    queued (their budget is the sender's `GroupBudget`), see limits.py."""
    return FloodLimiter(retries=RATE_LIMIT_RETRIES)


def file_url(base_url: str, base_file_url: str | None = None) -> str:
    """The file download base: STUDYBOT_TELEGRAM_BASE_FILE_URL, else the one that goes with the Bot API
    base (…/bot → …/file/bot)."""
    if base_file_url:
        return base_file_url
    return base_url[: -len("bot")] + "file/bot" if base_url.endswith("/bot") else base_url


def build_application(
    engine: QuizEngine,
    settings: Settings,
    *,
    limiter: BaseRateLimiter[Any] | None = None,
    updates: BaseUpdateProcessor | None = None,
    polling_backoff: Backoff = POLLING,
    send_backoff: Backoff = QUICK,
    health: Health | None = None,
    budget: GroupBudget | None = None,
) -> TelegramApp:
    assert settings.telegram_bot_token is not None
    use_timedeltas()
    bot = ReadingBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=file_url(settings.telegram_base_url, settings.telegram_base_file_url),
        rate_limiter=limiter or rate_limiter(),
        request=SendRequest(send_backoff),
        get_updates_request=UpdatesRequest(health or Health("telegram"), polling_backoff),
    )
    app = ApplicationBuilder().bot(bot).concurrent_updates(updates or CONCURRENT_UPDATES).job_queue(None).build()
    sender = Sender(app.bot, engine, budget or GroupBudget())  # one budget per group for all its messages
    groups = TelegramGroups(app.bot, GroupEngine(engine, challenge_seconds=settings.challenge_seconds), sender.budget)
    app.bot_data["groups"] = groups
    handlers, presses = Handlers(engine, sender, groups), Presses(engine, sender, groups)
    uploads = Uploads(engine, sender)
    app.add_handler(TypeHandler(Update, note_topic), group=-1)  # before the others, for each update
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, handlers.message))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, uploads.document))
    app.add_handler(MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, handlers.member_left))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.chat_migrated))
    app.add_handler(CallbackQueryHandler(presses.press))
    app.add_handler(PollAnswerHandler(handlers.poll_answer))
    app.add_error_handler(handlers.error)
    return app
