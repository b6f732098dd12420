"""Deck files sent as documents: the size Telegram announces is checked before anything is downloaded,
the file comes from the same Bot API server as everything else (`base_file_url`), and the engine parses
and imports it. In groups, only a document captioned /import (or replying to the bot) gets an answer,
and that answer points to the private chat; other files shared in a group are none of the bot's business."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from studybot.adapters.telegram.accounts import is_private, learner_of
from studybot.adapters.telegram.keyboards import Audience
from studybot.adapters.telegram.render import render
from studybot.adapters.telegram.sending import Sender
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Level, Notice

DOWNLOAD_FAILED = Notice("I could not download that file from Telegram. Please send it again.", Level.ERROR)
UNKNOWN_SIZE = Notice("Telegram did not say how big that file is, so I did not download it.", Level.ERROR)
log = logging.getLogger(__name__)


class Uploads:
    def __init__(self, engine: QuizEngine, sender: Sender) -> None:
        self.engine = engine
        self.sender = sender

    async def document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None or message.document is None or user.is_bot:
            return
        private = is_private(message.chat)
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
        if not private and not to_bot and not (message.caption or "").startswith("/import"):
            return
        document, learner = message.document, learner_of(user)
        name = document.file_name or "upload"
        async with self.engine.receiving(learner) as busy:
            reply = self.engine.upload_refusal(name, document.file_size, private=private) or busy
            if reply is None:
                data = await self._download(name, document.file_id, document.file_size, context)
                reply = data if isinstance(data, Notice) else await self.engine.upload(learner, name, data)
        to = Audience(user.id, user.first_name, group=not private)
        await self.sender.send(message.chat_id, render(reply, to), learner, private=private)

    async def _download(
        self, name: str, file_id: str, size: int | None, context: ContextTypes.DEFAULT_TYPE
    ) -> bytes | Notice:
        """The file's bytes, or why not. Its size is checked again from getFile; bytes beyond the limit
        (a server that sends more than it announced) are refused by the engine."""
        try:
            file = await context.bot.get_file(file_id)
            if (refusal := self.engine.upload_refusal(name, file.file_size)) is not None:
                return refusal
            if file.file_size is None and size is None:  # a download is read whole: never one of unknown size
                return UNKNOWN_SIZE
            return bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("could not download an uploaded file: %s", exc)
            return DOWNLOAD_FAILED
