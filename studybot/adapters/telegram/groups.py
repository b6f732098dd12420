"""Group play on Telegram: /challenge, /daily and /leaderboard in groups, presses on challenge questions, and
the group's messages (a question, its edit when it closes, one scoreboard: few sends, for the group's budget
of about 20 messages a minute; a press is answered in its callback query, which costs no group message)."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters, User
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from studybot.adapters import group_text
from studybot.adapters.telegram import anonymous, boards, codec, topics
from studybot.adapters.telegram.closing import message_ref
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.limits import GroupBudget, is_group, retry_seconds
from studybot.adapters.telegram.markup import bold, esc, toast
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.commands import command_word, dispatch_group, needs_admin
from studybot.engine.groups.replies import ChallengeQuestion, GroupUpdate, Leaderboard, Place
from studybot.engine.replies import Learner, Level
from studybot.push.challenges import ChatGone

PLATFORM = "telegram"
ADMIN_CACHE_SECONDS = 60.0
ADMIN_CACHE_MOST = 1024  # answers kept before the stale ones are swept out
ADMINS = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
GONE = ("chat not found", "thread not found", "topic_closed")  # Bad Request: no more posting there
MUTED = "not enough rights"  # the chat's admins took the bot's right to post (for now)
UNCHECKED = "I could not check with Telegram that you are an admin here. Try again in a minute."
log = logging.getLogger(__name__)


def learner_of(user: User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.full_name)


class TelegramGroups:
    """The group side of the Telegram adapter; also the push timer's view of Telegram groups."""

    platform = PLATFORM

    def __init__(self, bot: Bot, groups: GroupEngine, budget: GroupBudget | None = None) -> None:
        self.bot = bot
        self.groups = groups
        self.budget = budget or GroupBudget()  # the group's messages a minute, shared with personal quizzes
        self._admins: dict[tuple[int, int], tuple[float, bool]] = {}

    async def command(self, message: Message, user: User | None, line: str) -> bool:
        """Handle `line` if it is a group command; False when it is not one (the caller routes it). No
        `user`: one of the chat's admins sent it anonymously, as the group (see anonymous.py)."""
        found = command_word(line)
        if found is None:
            return False
        member = anonymous.stand_in(message.chat) if user is None else learner_of(user)
        admin = needs_admin(*found) and (user is None or await self.is_admin(message.chat_id, user.id))
        if admin is None:  # Telegram could not say: neither refused nor done
            await self._reply(message, f"⚠️ {esc(UNCHECKED)}")
            return True
        place = Place(PLATFORM, topics.place(message.chat_id, topics.topic_of(message)), by_admin=admin)
        reply = await dispatch_group(self.groups, place, member, line)
        if reply is None:
            return False
        if isinstance(reply, Leaderboard):
            await self._reply(message, "\n".join(group_text.leaderboard_lines(reply, esc, bold)))
            return True
        if reply.say is not None:
            await self._reply(message, ("⚠️ " if reply.say.level is Level.ERROR else "") + esc(reply.say.text))
        await self.show(reply)
        return True

    async def _reply(self, message: Message, text: str) -> None:
        replying = ReplyParameters(message.id, allow_sending_without_reply=True)
        await self._post(message.chat_id, text, reply_parameters=replying)

    async def press(self, query: CallbackQuery, press: Press) -> None:
        message = query.message if isinstance(query.message, Message) else None
        if message is None:
            await query.answer("That question is closed.", show_alert=True)
            return
        place = Place(PLATFORM, topics.place(message.chat_id, topics.topic_of(message)))
        update = await self.groups.answer(place, learner_of(query.from_user), press.nonce, press.arg)
        said = update.say
        await query.answer(toast(said.text) if said else None, show_alert=bool(said and said.level is Level.ERROR))
        await self.show(update)

    async def is_admin(self, chat_id: int, user_id: int) -> bool | None:
        """getChatMember's status is creator or administrator; remembered for a minute. None: not known."""
        key, now = (chat_id, user_id), time.monotonic()
        cached = self._admins.get(key)
        if cached is not None and now - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.warning("telegram: could not ask whether %s is an admin of %s: %s", user_id, chat_id, exc)
            return None
        admin = member.status in ADMINS
        if len(self._admins) >= ADMIN_CACHE_MOST:  # many groups and members: forget the answers gone stale
            self._admins = {k: v for k, v in self._admins.items() if now - v[0] < ADMIN_CACHE_SECONDS}
        self._admins[key] = (now, admin)
        return admin

    async def show(self, update: GroupUpdate) -> None:
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
                await self._post(chat_id, esc(update.notice.text), message_thread_id=topic, kept_back=True)
        except ChatMigrated as exc:  # the group became a supergroup, news the bot missed: play goes on there
            await self.groups.chat_moved(PLATFORM, update.chat_id, str(exc.new_chat_id))
            await self.show(replace(update, closed=(), chat_id=str(exc.new_chat_id)))
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
        text = "\n".join(group_text.question_lines(question, esc, bold))
        sent = await self._post(chat_id, text, reply_markup=keyboard(question), message_thread_id=topic)
        if sent is None:
            await self.groups.hold(question.nonce)
            return
        await self.groups.remember_message(question.nonce, message_ref(sent.chat_id, sent.message_id))

    async def _scoreboard(self, chat_id: int, topic: int | None, update: GroupUpdate) -> None:
        """Post the scoreboard; over the group's budget it is added to the last question's message (an edit,
        its question's text cut to make room)."""
        assert update.scoreboard is not None
        board = "\n".join(group_text.scoreboard_lines(update.scoreboard, esc, bold))
        if await self._post(chat_id, board, message_thread_id=topic) is None and update.closed:
            await self._edit(update.closed[-1].ref, boards.closed_text(update.closed[-1], update.scoreboard))

    async def _post(self, chat_id: int, text: str, *, kept_back: bool = False, **options: Any) -> Message | None:
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

    async def _edit(self, ref: str | None, text: str) -> None:
        if ref is None:
            return  # never posted (the process stopped in between): nothing to edit
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
        except TelegramError as exc:  # a 429, a timeout: the message stays as it was, the game goes on
            log.info("telegram: challenge message %s not edited: %s: %s", ref, type(exc).__name__, exc.message)


def keyboard(question: ChallengeQuestion) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            c.label, callback_data=codec.encode(Press(Action.CHALLENGE, question.nonce, codec.ANYONE, c.key))
        )
        for c in question.choices
    ]
    return InlineKeyboardMarkup([buttons] if question.kind == "truefalse" else [[b] for b in buttons])
