"""A group's messages from group play: a question, its edit when it closes, one scoreboard, a notice (few
sends, for the group's budget of about 20 messages a minute, shared with personal quizzes). This is also the
group timer's view of Telegram groups. What Telegram refuses for now waits (push/backlog.py) and goes out
when the group has room again."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from studybot.adapters import group_text
from studybot.adapters.telegram import boards, codec, topics
from studybot.adapters.telegram.closing import message_ref
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.limits import GroupBudget, is_group, retry_seconds
from studybot.adapters.telegram.markup import bold, esc
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import ChallengeQuestion, GroupUpdate
from studybot.push.backlog import Backlog, NotNow, posts_of
from studybot.push.challenges import ChatGone

PLATFORM = "telegram"
GONE = ("chat not found", "thread not found", "topic_closed")  # Bad Request: no more posting there
MUTED = "not enough rights"  # the chat's admins took the bot's right to post (for now)
log = logging.getLogger(__name__)


class GroupPosts:
    platform = PLATFORM

    def __init__(self, bot: Bot, groups: GroupEngine, budget: GroupBudget | None = None) -> None:
        self.bot = bot
        self.groups = groups
        self.budget = budget or GroupBudget()  # the group's messages a minute, shared with personal quizzes
        self.backlog = Backlog(groups.hold)

    async def show(self, update: GroupUpdate) -> None:
        await self.backlog.show(update, self.show_now)

    async def show_now(self, update: GroupUpdate) -> None:
        """Edit each closed question in place, then post the next question or the scoreboard, and a notice."""
        if not update.chat_id:
            return
        chat_id, topic = topics.split(update.chat_id)
        try:
            for closed in update.closed:
                await self._edit(closed.ref, boards.closed_text(closed))
            if update.ask is not None:
                await self._ask(chat_id, topic, update.ask)
            if update.scoreboard is not None:
                await self._scoreboard(chat_id, topic, update)
            if update.notice is not None:
                await self._notice(chat_id, topic, update)
        except ChatMigrated as exc:  # the group became a supergroup, news the bot missed: play goes on there
            await self.groups.chat_moved(PLATFORM, update.chat_id, str(exc.new_chat_id))
            await self.show_now(replace(update, closed=(), chat_id=str(exc.new_chat_id)))
        except Forbidden as exc:
            raise ChatGone(str(exc)) from exc
        except BadRequest as exc:
            if any(gone in exc.message.lower() for gone in GONE):  # the bot's chat, or the forum topic
                raise ChatGone(exc.message) from exc
            if MUTED not in exc.message.lower():
                raise
            log.info("telegram: may not post in %s; its challenge ends: %s", update.chat_id, exc.message)
            await self.groups.end_challenge(PLATFORM, update.chat_id)  # the question of the day stays set

    def ready(self, chat_id: str) -> bool:
        return self.budget.available(topics.split(chat_id)[0])

    async def _ask(self, chat_id: int, topic: int | None, question: ChallengeQuestion) -> None:
        """Post the question; over the group's budget it is held, and posted (its time starting) once the
        group can take it (the timer's `ready`)."""
        text = boards.question_text(question)
        sent = await self.post(chat_id, text, reply_markup=keyboard(question), message_thread_id=topic)
        if sent is None:
            await self.groups.hold(question.nonce)
            return
        await self.groups.remember_message(question.nonce, message_ref(sent.chat_id, sent.message_id))

    async def _scoreboard(self, chat_id: int, topic: int | None, update: GroupUpdate) -> None:
        """Post the scoreboard; over the group's budget it is added to the last question's message (an edit,
        its question's text cut to make room); when that cannot be done either, it waits for room."""
        assert update.scoreboard is not None
        board = "\n".join(group_text.scoreboard_lines(update.scoreboard, esc, bold))
        if await self.post(chat_id, board, message_thread_id=topic) is not None:
            return
        last = update.closed[-1] if update.closed else None
        if last is None or not await self._edit(last.ref, boards.closed_text(last, update.scoreboard)):
            raise NotNow(update)

    async def _notice(self, chat_id: int, topic: int | None, update: GroupUpdate) -> None:
        assert update.notice is not None
        if await self.post(chat_id, esc(update.notice.text), message_thread_id=topic, kept_back=True) is None:
            raise NotNow(replace(posts_of(update), scoreboard=None))

    async def post(self, chat_id: int, text: str, *, kept_back: bool = False, **options: Any) -> Message | None:
        """A new message into the chat, spent from the group's budget; None (logged) when it is spent, or
        when Telegram said 429 (another process posted there too: the group counts as full meanwhile).
        `kept_back`: a notice said once, which may take the message of the minute kept back for notices."""
        if is_group(chat_id) and not self._spend(chat_id, kept_back):
            log.info("telegram: group %s is over its messages for the minute; a group message waits", chat_id)
            return None
        try:
            return await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, **options)
        except RetryAfter as exc:
            self.budget.exhaust(chat_id, retry_seconds(exc.retry_after))
            log.info("telegram: group %s refused a message (429)", chat_id)
            return None

    def _spend(self, chat_id: int, kept_back: bool) -> bool:
        return self.budget.spend(chat_id) or (kept_back and self.budget.spend_notice(chat_id))

    async def _edit(self, ref: str | None, text: str) -> bool:
        """Whether the message `ref` now shows `text`."""
        if ref is None:
            return False  # never posted (the process stopped in between): nothing to edit
        chat, _, message_id = ref.partition(":")
        try:
            await self.bot.edit_message_text(
                text, chat_id=int(chat), message_id=int(message_id), parse_mode=ParseMode.HTML
            )
        except Forbidden:
            raise
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise
            log.info("telegram: challenge message %s not edited: %s", ref, exc.message)
            return False
        except TelegramError as exc:  # a 429, a timeout: the message stays as it was, the game goes on
            log.info("telegram: challenge message %s not edited: %s: %s", ref, type(exc).__name__, exc.message)
            return False
        return True


def keyboard(question: ChallengeQuestion) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            c.label, callback_data=codec.encode(Press(Action.CHALLENGE, question.nonce, codec.ANYONE, c.key))
        )
        for c in question.choices
    ]
    return InlineKeyboardMarkup([buttons] if question.kind == "truefalse" else [[b] for b in buttons])
