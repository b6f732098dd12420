"""The Telegram service: a python-telegram-bot Application run by hand (initialize, start, updater …
stop, shutdown) so it shares `studybot run`'s event loop with Discord and the push ticker."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, InvalidToken
from telegram.ext import ExtBot

from studybot.adapters.telegram.building import (
    ALLOWED_UPDATES,
    POLL_INTERVAL_S,
    TelegramApp,
    build_application,
    file_url,
    rate_limiter,
    use_timedeltas,
)
from studybot.adapters.telegram.delivery import TelegramDelivery
from studybot.adapters.telegram.groups import TelegramGroups
from studybot.adapters.telegram.limits import FloodLimiter
from studybot.adapters.telegram.requests import SendRequest
from studybot.adapters.telegram.sending import Sender
from studybot.adapters.telegram.webhook import WebhookReceiver
from studybot.config import Settings
from studybot.engine.commands import ADMIN_COMMANDS, COMMANDS
from studybot.engine.engine import QuizEngine
from studybot.errors import ConfigError
from studybot.push.challenges import ChallengeTicker
from studybot.retry import QUICK, Backoff

log = logging.getLogger(__name__)


class TelegramService:
    """`studybot run telegram`: long polling, or a webhook when STUDYBOT_TELEGRAM_WEBHOOK_URL is set."""

    name = "telegram"

    def __init__(self, engine: QuizEngine, settings: Settings, app: TelegramApp | None = None) -> None:
        self.settings = settings
        self.app = app or build_application(engine, settings)
        self._delivery = TelegramDelivery(Sender(self.app.bot, engine))
        self.ready = asyncio.Event()  # set while updates are being received (and pushes may go out)
        self._webhook: WebhookReceiver | None = None
        groups: TelegramGroups = self.app.bot_data["groups"]
        self.challenges = ChallengeTicker(groups.groups, groups.posts, grace=settings.push_grace)

    @property
    def delivery(self) -> TelegramDelivery:
        return self._delivery

    async def serve(self, stop: asyncio.Event) -> None:
        app = self.app
        try:
            await app.initialize()  # getMe: a wrong token or an unreachable server fails here
        except InvalidToken:  # its message holds the token: not repeated
            raise ConfigError("Telegram rejected TELEGRAM_BOT_TOKEN: set the token @BotFather gave") from None
        try:
            await app.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
            await self._admin_menus()
            await app.start()
            mode = await self._receive_updates()
            log.info("telegram: @%s is answering (%s)", app.bot.username, mode)
            self.ready.set()
            timer = asyncio.create_task(self.challenges.run(stop), name="telegram-challenges")
            await stop.wait()
            if isinstance(limiter := app.bot.rate_limiter, FloodLimiter):
                limiter.stop_waiting()  # a 429 being waited out (a push, an answer) is not sat out
            await timer
            log.info("telegram: stopping; finishing the answers in flight")
        finally:
            self.ready.clear()
            await self._stop()

    async def _admin_menus(self) -> None:
        """Each Telegram admin's private chat also lists /admin; nobody else's menu shows it."""
        commands = [BotCommand(c.name, c.description) for c in (*COMMANDS, *ADMIN_COMMANDS)]
        for identity in sorted(self.settings.admin_ids):
            platform, _, user_id = identity.partition(":")
            if platform != "telegram":
                continue
            try:
                await self.app.bot.set_my_commands(commands, scope=BotCommandScopeChat(int(user_id)))
            except (BadRequest, Forbidden) as exc:  # no chat with the bot yet, or blocked it: /admin works anyway
                log.warning("telegram: no /admin in the menu of admin %s: %s", user_id, exc.message)

    async def _receive_updates(self) -> str:
        updater = self.app.updater
        assert updater is not None
        settings = self.settings
        if not settings.telegram_webhook_url:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES, poll_interval=POLL_INTERVAL_S)
            return "long polling"
        assert settings.telegram_webhook_secret is not None
        secret = settings.telegram_webhook_secret.get_secret_value()
        self._webhook = WebhookReceiver(
            self.app,
            listen=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
            path="/" + urlsplit(settings.telegram_webhook_url).path.lstrip("/"),
            secret=secret,
        )
        await self._webhook.start()
        await self.app.bot.set_webhook(
            settings.telegram_webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        return f"webhook on {settings.telegram_webhook_listen}:{settings.telegram_webhook_port}"

    async def _stop(self) -> None:
        app = self.app
        if self._webhook is not None:
            await self._webhook.stop()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()  # waits for the updates being handled
        await app.shutdown()


@asynccontextmanager
async def open_delivery(
    settings: Settings, engine: QuizEngine | None = None, *, send_backoff: Backoff = QUICK
) -> AsyncIterator[TelegramDelivery]:
    """A Delivery for another process (`studybot push`): a bare bot, no polling, the same server and limits.
    With `engine`, questions it sends are recorded so replies to them answer them, and polls are offered."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    use_timedeltas()
    bot: ExtBot[int] = ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=file_url(settings.telegram_base_url, settings.telegram_base_file_url),
        rate_limiter=rate_limiter(),
        request=SendRequest(send_backoff),
    )
    async with bot:
        yield TelegramDelivery(Sender(bot, engine))
