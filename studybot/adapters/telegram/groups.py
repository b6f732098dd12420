"""Group play on Telegram: /challenge, /daily and /leaderboard in groups, and presses on challenge questions
(answered in the callback query, which costs no group message). The group's messages: group_posts.py."""

from __future__ import annotations

import logging
import time

from telegram import Bot, CallbackQuery, Message, ReplyParameters, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from studybot.adapters import group_text
from studybot.adapters.telegram import anonymous, topics
from studybot.adapters.telegram.codec import Press
from studybot.adapters.telegram.group_posts import PLATFORM, GroupPosts
from studybot.adapters.telegram.limits import GroupBudget
from studybot.adapters.telegram.markup import bold, esc, toast
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.commands import command_word, dispatch_group, needs_admin
from studybot.engine.groups.replies import Leaderboard, Place
from studybot.engine.replies import Learner, Level

ADMIN_CACHE_SECONDS = 60.0
ADMIN_CACHE_MOST = 1024  # answers kept before the stale ones are swept out
ADMINS = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
UNCHECKED = "I could not check with Telegram that you are an admin here. Try again in a minute."
log = logging.getLogger(__name__)


def learner_of(user: User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.full_name)


class TelegramGroups:
    """The group side of the Telegram adapter; `posts` is also the push timer's view of Telegram groups."""

    def __init__(self, bot: Bot, groups: GroupEngine, budget: GroupBudget | None = None) -> None:
        self.bot = bot
        self.groups = groups
        self.posts = GroupPosts(bot, groups, budget)
        self._admins: dict[tuple[int, int], tuple[float, bool]] = {}

    async def command(self, message: Message, user: User | None, line: str) -> bool:
        """Handle `line` if it is a group command; False when it is not one (the caller routes it). No
        `user`: one of the chat's admins sent it anonymously, as the group (see anonymous.py)."""
        found = command_word(line)
        if found is None:
            return False
        refusal = anonymous.nobody_to_hide(*found) if user is None else None
        if refusal is not None:
            await self._reply(message, esc(refusal))
            return True
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
        await self.posts.show(reply)
        return True

    async def _reply(self, message: Message, text: str) -> None:
        replying = ReplyParameters(message.id, allow_sending_without_reply=True)
        await self.posts.post(message.chat_id, text, reply_parameters=replying)

    async def press(self, query: CallbackQuery, press: Press) -> None:
        message = query.message if isinstance(query.message, Message) else None
        if message is None:
            await query.answer("That question is closed.", show_alert=True)
            return
        place = Place(PLATFORM, topics.place(message.chat_id, topics.topic_of(message)))
        update = await self.groups.answer(place, learner_of(query.from_user), press.nonce, press.arg)
        said = update.say
        await query.answer(toast(said.text) if said else None, show_alert=bool(said and said.level is Level.ERROR))
        await self.posts.show(update)

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
