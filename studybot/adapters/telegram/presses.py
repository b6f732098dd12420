"""Button presses (callback queries). Every query is answered: with the verdict, or with a short alert
when the press grades nothing (a double press, a stale or forged button, someone else's question)."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from studybot.adapters.telegram import codec, crowd
from studybot.adapters.telegram.accounts import is_private, learner_of
from studybot.adapters.telegram.closing import close, closes_of
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.edits import (
    best_effort,
    label_of,
    quietly,
)
from studybot.adapters.telegram.groups import TelegramGroups
from studybot.adapters.telegram.keyboards import (
    DECK_ACTIONS,
    Audience,
    after_answer_keyboard,
    grade_keyboard,
)
from studybot.adapters.telegram.render import answered, next_messages, render, revealed_question
from studybot.adapters.telegram.sending import Sender
from studybot.adapters.telegram.taps import Taps, after_notice
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import (
    Feedback,
    GradeButtons,
    Learner,
    Notice,
    Prompt,
    Reply,
)
from studybot.engine.sharing import CONFIRM
from studybot.srs import Rating

log = logging.getLogger(__name__)
NOT_MINE = "That button is not one of mine."
NOT_HERE = "That button is not in use any more. Send /quiz for the current question."
SOMEONE_ELSES = "This question is someone else's. Send /quiz for your own."


class Presses:
    def __init__(self, engine: QuizEngine, sender: Sender, groups: TelegramGroups | None = None) -> None:
        self.engine = engine
        self.sender = sender
        self.groups = groups
        self.taps = Taps(engine, sender)

    async def press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        press = codec.decode(query.data)
        if press is None:
            await query.answer(NOT_MINE, show_alert=True)
            return
        if press.action is Action.CHALLENGE:  # edits only the challenge's own message, found by its nonce
            if self.groups is None:
                await query.answer(NOT_MINE, show_alert=True)
            else:
                await self.groups.press(query, press)
            return
        if _not_on(query.message, query.data):
            await query.answer(NOT_HERE, show_alert=True)
            return
        if press.owner not in (codec.ANYONE, query.from_user.id):
            await query.answer(SOMEONE_ELSES, show_alert=True)
            return
        learner = learner_of(query.from_user)
        reply = await self._call_engine(learner, press)
        await self._show(query, press, reply, learner)

    async def _call_engine(self, learner: Learner, press: Press) -> Reply:
        match press.action:
            case Action.CHOICE:
                return await self.engine.answer(learner, press.arg, nonce=press.nonce)
            case Action.REVEAL:
                return await self.engine.reveal(learner, press.nonce)
            case Action.GRADE:
                return await self.engine.grade(learner, press.nonce, Rating(int(press.arg)))
            case Action.OVERRIDE:
                return await self.engine.override(learner, press.nonce)
            case Action.EASY:
                return await self.engine.easy(learner, press.nonce)
            case Action.NEXT:
                return await self.engine.next(learner)
            case Action.LATER | Action.NOT_TODAY:
                return await self.engine.put_off(learner, press.nonce, later=press.action is Action.LATER)
            case Action.DELETE:
                return await self.engine.delete_deck(learner, f"{press.arg} {CONFIRM}")
            case Action.SETTING:
                return await self.engine.change_settings(learner, press.arg.replace("=", " ", 1))
            case _:
                return await self.engine.pick_deck(learner, DECK_ACTIONS[press.action], press.arg)

    async def _show(self, query: CallbackQuery, press: Press, reply: Reply, learner: Learner) -> None:
        message = query.message if isinstance(query.message, Message) else None
        private = message is None or is_private(message.chat)
        to = Audience(query.from_user.id, query.from_user.first_name, group=not private)
        chat_id = message.chat_id if message is not None else query.from_user.id
        keep = (chat_id, message.message_id) if message is not None else None
        if press.action is Action.NEXT:
            await query.answer()
            if message is not None:
                await quietly(message.edit_reply_markup(reply_markup=None))
            await self.sender.send(chat_id, render(reply, to), learner, private=private)
        elif press.action in codec.TAPS:
            await self.taps.show(query, message, press, reply, learner, to)
        elif isinstance(reply, Feedback):
            if not private and message is not None and await self._edit_in_place(query, message, press, reply, to):
                await close(query.get_bot(), closes_of(reply), keep=keep)
                return
            await query.answer(_toast(reply) if private else crowd.toast(reply))
            if message is not None:
                # a self-grade names itself in the verdict line; a choice is shown as the answer given
                chosen = label_of(message, query.data) if press.action is Action.CHOICE else None
                verdict = answered(message.text_html, chosen, reply)
                keyboard = after_answer_keyboard(reply, to)
                await best_effort(
                    message.edit_text(verdict, parse_mode=ParseMode.HTML, reply_markup=keyboard), "verdict"
                )
            await self.sender.send(chat_id, next_messages(reply, to), learner, private=private)  # whatever the edit did
        elif isinstance(reply, GradeButtons) and reply.refreshed:  # the grades anew, under the card's back
            await query.answer()
            if message is not None:
                await best_effort(message.edit_reply_markup(reply_markup=None), "closing outdated grades")
            await self.sender.send(chat_id, render(reply, to), learner, private=private)
        elif isinstance(reply, GradeButtons):
            await query.answer()
            shown = False
            if message is not None:  # a second press on "Show answer" finds it shown: not modified, fine
                back = revealed_question(message.text_html, reply)
                edit = message.edit_text(back, parse_mode=ParseMode.HTML, reply_markup=grade_keyboard(reply, to))
                shown = await best_effort(edit, "showing the answer")
            if not shown:  # the message could not be edited: the back and its grades as a message of their own
                await self.sender.send(chat_id, render(reply, to), learner, private=private)
        elif isinstance(reply, Prompt):
            await query.answer()
            await self.sender.send(chat_id, render(reply, to), learner, private=private)
        elif isinstance(reply, Notice):
            await after_notice(query, message, press, reply)
            if reply.next is not None:
                await self.sender.send(chat_id, render(reply.next, to), learner, private=private)
        else:  # a setting chosen by button: the settings as they are now
            await query.answer()
            await self.sender.send(chat_id, render(reply, to), learner, private=private)
        # the question's other copies (a poll, an earlier message); this message was edited above
        await close(query.get_bot(), closes_of(reply), keep=keep)

    async def _edit_in_place(
        self, query: CallbackQuery, message: Message, press: Press, feedback: Feedback, to: Audience
    ) -> bool:
        """In a group: the question message becomes the verdict and the next question, the detail goes in
        the callback answer, and the group gets no new message. False when no question follows."""
        chosen = label_of(message, query.data) if press.action is Action.CHOICE else None
        edited = crowd.answered_with_next(chosen, feedback, to)
        if edited is None or edited.prompt is None:
            return False
        await query.answer(crowd.toast(feedback))
        buttons = edited.markup if isinstance(edited.markup, InlineKeyboardMarkup) else None
        learner = learner_of(query.from_user)
        try:
            shown = await message.edit_text(edited.text, parse_mode=ParseMode.HTML, reply_markup=buttons)
        except TelegramError as exc:  # not edited (a 429, a timeout …): the next question as a message of its own
            log.warning("telegram: answering in place failed: %s: %s", type(exc).__name__, exc)
            await self.sender.send(message.chat_id, next_messages(feedback, to), learner, private=False)
            return True
        if isinstance(shown, Message):
            await self.sender.remember(learner, edited.prompt, shown)  # replies answer it
        return True


def _not_on(message: object, data: str | None) -> bool:
    """A press in a group that is no button of the message it names. Telegram passes on whatever data a
    client sends, and the pressed message is edited with the answer: forged data would let one member
    overwrite another's question. (In a private chat every message is the presser's own; a double tap
    there, arriving after the first took the buttons away, is answered by the engine in its own words.)"""
    return isinstance(message, Message) and not is_private(message.chat) and label_of(message, data) is None


def _toast(feedback: Feedback) -> str:
    if feedback.correct is None:
        return f"Graded {feedback.rating}"
    return "✓ Correct" if feedback.correct else "✗ Not quite"
