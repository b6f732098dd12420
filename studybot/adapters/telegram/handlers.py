"""Messages, commands, poll answers and errors: parse the update, call the engine, send the rendered reply."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Message, Update, User
from telegram.ext import ContextTypes

from studybot.adapters import chart
from studybot.adapters.telegram import anonymous, crowd
from studybot.adapters.telegram.accounts import is_private, learner_of
from studybot.adapters.telegram.addressing import command_of, for_us
from studybot.adapters.telegram.closing import close, closes_of, mark_undone, message_ref
from studybot.adapters.telegram.decklist import greeting
from studybot.adapters.telegram.failures import report_failure
from studybot.adapters.telegram.groups import TelegramGroups
from studybot.adapters.telegram.keyboards import Audience, undone_keyboard
from studybot.adapters.telegram.markup import esc
from studybot.adapters.telegram.outgoing import Outgoing
from studybot.adapters.telegram.render import render, stats_with_picture
from studybot.adapters.telegram.sending import Sender
from studybot.engine.commands import dispatch, dispatch_reply
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.commands import command_word
from studybot.engine.replies import Feedback, Notice, Reply, Stats

PRIVATE_ONLY = frozenset({"link", "unlink"})  # a link code is a key to the learner's account
LINK_IN_PRIVATE = "Send /link to me in a private chat: a link code is for your eyes only."
CODE_SHOWN = "That code was shown here, so it no longer works: send /link to me in a private chat for a new one."
log = logging.getLogger(__name__)


class Handlers:
    def __init__(self, engine: QuizEngine, sender: Sender, groups: TelegramGroups | None = None) -> None:
        self.engine = engine
        self.sender = sender
        self.groups = groups

    async def message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message: a command, an answer, or (in groups) chatter the bot leaves alone."""
        message, user = update.message, update.effective_user
        if message is None or message.text is None:
            return
        if anonymous.as_the_group(message):
            await self._from_anonymous_admin(message, context.bot.username, context.bot.id)
            return
        if user is None or user.is_bot or anonymous.as_a_channel(message):
            return
        text, private = message.text, is_private(message.chat)
        if text.startswith("/"):
            command, args = command_of(text)
            if not for_us(command, text, context.bot.username, private):
                return  # for another bot in the group, or maybe another bot's command
            if command == "start":
                await self.start(message, user, args.strip())
                return
            if command in PRIVATE_ONLY and not private:
                said = f"{LINK_IN_PRIVATE} {CODE_SHOWN}" if await self._spent(command, args) else LINK_IN_PRIVATE
                await self.sender.send(message.chat_id, [Outgoing(esc(said))], learner_of(user), private=False)
                return
            if not private and self.groups is not None and command_word(text) is not None:
                await self.groups.command(message, user, text)
                return
        learner = learner_of(user)
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
            reply = await dispatch_reply(self.engine, learner, message_ref(replied.chat_id, replied.message_id), text)
        elif private or text.startswith("/"):
            reply = await dispatch(self.engine, learner, text)
        else:
            return  # group chatter that replies to no question of ours
        if isinstance(reply, Notice) and reply.share_code and context.bot.username:
            link = f"https://t.me/{context.bot.username}?start={reply.share_code}"
            reply = replace(reply, text=f"{reply.text}\nLink: {link}")
        to = Audience(user.id, user.first_name, group=not private)
        await mark_undone(context.bot, reply, undone_keyboard(to))
        if await self.sender.in_place(reply, to):
            await close(context.bot, closes_of(reply))
            return
        delivered = await self.sender.send(
            message.chat_id,
            await _rendered(reply, to),
            learner,
            private=private,
            reply_to=None if private else message.id,
        )
        if delivered:  # a busy group got no new copy: the old one stays usable
            await close(context.bot, closes_of(reply))

    async def _from_anonymous_admin(self, message: Message, bot_name: str | None, bot_id: int) -> None:
        """A group command plays as the group; any other command of ours, or a reply to one of our messages
        (an answer), is told why it cannot be taken."""
        text, replied = message.text or "", message.reply_to_message
        to_us = replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
        if not text.startswith("/"):
            if to_us:
                await self._nobody_to_quiz(message)
            return
        command, args = command_of(text)
        if not for_us(command, text, bot_name, private=False):
            return
        if await self._spent(command, args):
            said = [Outgoing(esc(f"{LINK_IN_PRIVATE} {CODE_SHOWN}"))]
            await self.sender.send(message.chat_id, said, anonymous.stand_in(message.chat), private=False)
            return
        if self.groups is not None and command_word(text) is not None:
            await self.groups.command(message, None, text)
            return
        await self._nobody_to_quiz(message)

    async def _spent(self, command: str, args: str) -> bool:
        """A link code sent in a group, read by every member there: it stops working before anyone else
        uses it to join their account into the code giver's learner."""
        if command != "link" or not args.strip():
            return False
        await self.engine.spend_link_code(args)
        return True

    async def _nobody_to_quiz(self, message: Message) -> None:
        stand_in = anonymous.stand_in(message.chat)
        notice = [Outgoing(esc(anonymous.NOBODY_TO_QUIZ))]
        await self.sender.send(message.chat_id, notice, stand_in, private=False, reply_to=message.id)

    async def start(self, message: Message, user: User, deck: str) -> None:
        """Greet in three lines with the decks as buttons; `/start DECK` (a deep link) also subscribes;
        `/start q_…` (the busy group's link) shows the learner's open question here."""
        learner, private = learner_of(user), is_private(message.chat)
        if private and deck.startswith(crowd.PRIVATE_PAYLOAD):
            to = Audience(user.id, user.first_name)
            await self.sender.send(message.chat_id, render(await self.engine.next(learner), to), learner)
            return
        await self.engine.start(learner)
        to = Audience(user.id, user.first_name, group=not private)
        subscribed = render(await self.engine.subscribe(learner, deck), to) if deck else []
        messages = [greeting(user.first_name, await self.engine.decks(learner)), *subscribed]  # ✓ on that deck
        await self.sender.send(message.chat_id, messages, learner, private=private)

    async def member_left(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A member left the group (or was removed): they leave its leaderboard."""
        message = update.message
        if message is None or message.left_chat_member is None or self.groups is None:
            return
        gone = message.left_chat_member
        await self.groups.groups.member_left(anonymous.PLATFORM, str(message.chat_id), learner_of(gone))

    async def chat_migrated(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup (a new chat id): its group play moves with it. Telegram says so in both."""
        message = update.message
        if message is None or self.groups is None:
            return
        old, new = message.migrate_from_chat_id or message.chat_id, message.migrate_to_chat_id or message.chat_id
        if old != new:
            await self.groups.groups.chat_moved(anonymous.PLATFORM, str(old), str(new))

    async def poll_answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An answer to one of our quiz polls (always sent to the learner's private chat)."""
        answer = update.poll_answer
        if answer is None or answer.user is None or not answer.option_ids:
            return  # anonymous, or a vote taken back
        learner = learner_of(answer.user)
        reply = await self.engine.answer_poll(learner, answer.poll_id, answer.option_ids[0])
        if reply is None:
            return  # not a poll of this learner's open question (or already counted)
        to = Audience(answer.user.id, answer.user.first_name)
        await close(context.bot, closes_of(reply), polls=False)  # other copies; the poll shows its result
        if isinstance(reply, Feedback):
            reply = replace(reply, choice=None)  # the poll shows the option taken
        await self.sender.send(answer.user.id, render(reply, to), learner)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure and tell the learner; never raises (see failures.py)."""
        await report_failure(self.engine, update, context)


async def _rendered(reply: Reply, to: Audience) -> list[Outgoing]:
    """`render`, with the stats picture drawn when there is one."""
    if isinstance(reply, Stats) and reply.chart is not None:
        return stats_with_picture(reply, await chart.draw(reply.chart))
    return render(reply, to)
