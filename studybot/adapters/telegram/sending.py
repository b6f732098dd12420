"""Sending rendered replies to a chat: messages, or a native quiz poll for a learner who chose polls.

Every question message is recorded with the engine (`closing.message_ref`): a reply to it then answers that
question and nothing else, a hint updates it in place, and once the question is no longer open its buttons
go (closing.py). A poll is recorded by its poll id, which is all its answer will carry, and by its message,
which is stopped when the question is answered another way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message, ReplyParameters
from telegram.constants import ParseMode, PollLimit, PollType
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from studybot.adapters.telegram import crowd
from studybot.adapters.telegram.closing import KEYS, POLL, close, message_ref, parse_ref
from studybot.adapters.telegram.keyboards import Audience
from studybot.adapters.telegram.limits import GroupBudget, retry_seconds
from studybot.adapters.telegram.markup import esc, units
from studybot.adapters.telegram.outgoing import Outgoing
from studybot.adapters.telegram.render import hinted, render
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice, Prompt, QuizPoll, Reply

log = logging.getLogger(__name__)
MIN_POLL_OPTIONS = 2


def poll_question(prompt: Prompt, poll: QuizPoll) -> tuple[str, str | None]:
    """The poll's question with the deck and progress above it when both fit Telegram's 300 characters;
    else the bare question, and that line to send before the poll."""
    header = f"{prompt.deck_title} · {prompt.progress}"
    combined = f"{header}\n{poll.question}"
    if units(combined) <= PollLimit.MAX_QUESTION_LENGTH:
        return combined, None
    return poll.question, header


def fits_poll(poll: QuizPoll) -> bool:
    """Whether Telegram accepts the question as a quiz poll; if not, it is asked with buttons."""
    explanation = poll.explanation or ""
    return (  # lengths as Telegram counts them (UTF-16 units: an emoji is two)
        1 <= units(poll.question) <= PollLimit.MAX_QUESTION_LENGTH
        and MIN_POLL_OPTIONS <= len(poll.options) <= PollLimit.MAX_OPTION_NUMBER
        and all(1 <= units(option) <= PollLimit.MAX_OPTION_LENGTH for option in poll.options)
        and units(explanation) <= PollLimit.MAX_EXPLANATION_LENGTH
        and explanation.count("\n") <= PollLimit.MAX_EXPLANATION_LINE_FEEDS
    )


class Sender:
    """Sends to one bot's chats; with an engine, records where questions are shown and offers polls."""

    def __init__(self, bot: Bot, engine: QuizEngine | None, budget: GroupBudget | None = None) -> None:
        self.bot = bot
        self.engine = engine
        self.budget = budget or GroupBudget()

    async def send(
        self,
        chat_id: int,
        messages: Sequence[Outgoing],
        learner: Learner,
        *,
        private: bool = True,
        reply_to: int | None = None,
    ) -> bool:
        """Send `messages` in order; the first replies to message `reply_to` if given. In a group they are
        joined into as few messages as fit, and sent only while the group's budget lasts. False when the
        budget stopped them."""
        if not private:
            messages = crowd.in_one(messages)
        for out in messages:
            if out.prompt is not None and private and await self._send_poll(chat_id, out.prompt, learner):
                continue
            if not private and not await self._spend(chat_id, out.prompt or _last_prompt(messages)):
                return False
            reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
            if out.document is not None:
                upload = InputFile(out.document.content, filename=out.document.filename)
                await self.bot.send_document(
                    chat_id, upload, caption=out.text, parse_mode=ParseMode.HTML, reply_parameters=reply
                )
                reply_to = None
                continue
            if out.photo is not None:
                await self.bot.send_photo(
                    chat_id, out.photo, caption=out.text or None, parse_mode=ParseMode.HTML, reply_parameters=reply
                )
                reply_to = None
                continue
            try:
                sent = await self.bot.send_message(
                    chat_id, out.text, parse_mode=ParseMode.HTML, reply_markup=out.markup, reply_parameters=reply
                )
            except RetryAfter as exc:
                if private:
                    raise
                self.budget.exhaust(chat_id, retry_seconds(exc.retry_after))  # another process filled the group
                return False
            reply_to = None
            if out.prompt is not None:
                await self._remember(learner, out.prompt, sent)
        return True

    async def _spend(self, chat_id: int, prompt: Prompt | None) -> bool:
        """Whether one more message may go into group `chat_id`; when not, the busy notice (once a minute)."""
        if self.budget.spend(chat_id):
            return True
        if self.budget.spend_notice(chat_id):
            notice = crowd.busy_notice(self.bot.username, prompt.nonce if prompt else None)
            try:
                await self.bot.send_message(chat_id, notice.text, parse_mode=ParseMode.HTML)
            except RetryAfter as exc:
                self.budget.exhaust(chat_id, retry_seconds(exc.retry_after))
        return False

    async def remember(self, learner: Learner, prompt: Prompt, sent: Message) -> None:
        """Replies to message `sent` answer `prompt` (a question shown by editing a message)."""
        await self._remember(learner, prompt, sent)

    async def _remember(self, learner: Learner, prompt: Prompt, sent: Message) -> None:
        """Note `sent` as showing `prompt`, with how to close it (its buttons, if it has any)."""
        if self.engine is not None:
            kind = KEYS if isinstance(sent.reply_markup, InlineKeyboardMarkup) else ""
            ref = message_ref(sent.chat_id, sent.message_id, kind)
            await self.engine.remember_messages(learner, prompt.nonce, [ref])

    async def in_place(self, reply: Reply, to: Audience) -> bool:
        """A hinted question shown again in the newest message already showing it (its other copies closed);
        False when there is no such message to edit, and the reply is sent as usual."""
        if not isinstance(reply, Notice) or reply.next is None or not reply.next.shown_in:
            return False
        *older, newest = reply.next.shown_in
        place = parse_ref(newest)
        out = hinted(reply.next, reply.text, to)
        edited = False
        if place is not None and place[2] == KEYS and isinstance(out.markup, InlineKeyboardMarkup):
            try:
                await self.bot.edit_message_text(
                    out.text, place[0], place[1], parse_mode=ParseMode.HTML, reply_markup=out.markup
                )
                edited = True
            except (BadRequest, Forbidden):  # deleted, too old to edit, or in a chat the bot has left: asked anew
                older.append(newest)
        else:
            older.append(newest)
        await close(self.bot, older)
        return edited

    async def _send_poll(self, chat_id: int, prompt: Prompt, learner: Learner) -> bool:
        """Ask `prompt` as a non-anonymous quiz poll when the learner chose polls and it fits."""
        poll = prompt.poll
        if self.engine is None or poll is None or not fits_poll(poll):
            return False
        question, header = poll_question(prompt, poll)
        if header is not None:
            await self.bot.send_message(chat_id, esc(header), parse_mode=ParseMode.HTML)
        try:
            sent = await self.bot.send_poll(
                chat_id,
                question,
                list(poll.options),
                is_anonymous=False,
                type=PollType.QUIZ,
                correct_option_ids=cast(Any, [poll.correct]),  # typed as Literal[0..11]; fits_poll checked it
                explanation=poll.explanation or None,
            )
        except BadRequest as exc:  # a poll Telegram will not take: the question is asked with buttons instead
            log.warning("telegram refused a quiz poll (%s); asking with buttons", exc.message)
            return False
        if sent.poll is None:
            return True
        ref = message_ref(chat_id, sent.message_id, POLL)
        refused = await self.engine.remember_poll(learner, sent.poll.id, poll, ref)
        if refused is not None:  # its votes could not be counted: it goes, and the learner is told why
            try:
                await self.bot.delete_message(chat_id, sent.message_id)
            except TelegramError as exc:
                log.warning("telegram: a quiz poll that could not be noted stays up: %s", exc)
            await self.send(chat_id, render(refused, Audience(chat_id, "")), learner)
        return True


def _last_prompt(messages: Sequence[Outgoing]) -> Prompt | None:
    return next((m.prompt for m in reversed(messages) if m.prompt is not None), None)
