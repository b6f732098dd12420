"""Button presses (callback queries). Every query is answered: with the verdict, or with a short alert
when the press grades nothing (a double press, a stale or forged button, someone else's question)."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from studybot.adapters.telegram import codec, crowd
from studybot.adapters.telegram.closing import close, closes_of
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.edits import (
    CORRECTIONS,
    best_effort,
    corrected,
    label_of,
    quietly,
    without_corrections,
)
from studybot.adapters.telegram.groups import TelegramGroups
from studybot.adapters.telegram.handlers import is_private, learner_of
from studybot.adapters.telegram.keyboards import (
    DECK_ACTIONS,
    Audience,
    after_answer_keyboard,
    deck_keyboard,
    grade_keyboard,
)
from studybot.adapters.telegram.markup import esc
from studybot.adapters.telegram.render import answered, next_messages, render, revealed_question
from studybot.adapters.telegram.sending import Sender
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import (
    DeckList,
    Feedback,
    GradeButtons,
    Learner,
    Level,
    Notice,
    Prompt,
    Reply,
    SettingsView,
)
from studybot.engine.sharing import CONFIRM
from studybot.srs import Rating

log = logging.getLogger(__name__)
NOT_MINE = "That button is not one of mine."
SOMEONE_ELSES = "This question is someone else's. Send /quiz for your own."
ALERT_CHARS = 200
PUT_OFF = frozenset({Action.LATER, Action.NOT_TODAY})  # the daily push's buttons


class Presses:
    def __init__(self, engine: QuizEngine, sender: Sender, groups: TelegramGroups | None = None) -> None:
        self.engine = engine
        self.sender = sender
        self.groups = groups

    async def press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        press = codec.decode(query.data)
        if press is None:
            await query.answer(NOT_MINE, show_alert=True)
            return
        if press.action is Action.CHALLENGE:
            if self.groups is None:
                await query.answer(NOT_MINE, show_alert=True)
            else:
                await self.groups.press(query, press)
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
            await self._tap(query, message, press, reply, learner, to)
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
            await self._notice(query, message, press, reply)
            if reply.next is not None:
                await self.sender.send(chat_id, render(reply.next, to), learner, private=private)
        else:  # a setting chosen by button: the settings as they are now
            await query.answer()
            await self.sender.send(chat_id, render(reply, to), learner, private=private)
        # the question's other copies (a poll, an earlier message); this message was edited above
        await close(query.get_bot(), closes_of(reply), keep=keep)

    async def _tap(
        self, query: CallbackQuery, message: Message | None, press: Press, reply: Reply, learner: Learner, to: Audience
    ) -> None:
        """A deck or settings button: the deck list and settings are edited in place; a "which deck?"
        question loses its buttons once answered, and what the tap started follows as new messages."""
        private = message is None or is_private(message.chat)
        chat_id = message.chat_id if message is not None else query.from_user.id
        if isinstance(reply, Notice) and reply.next is None:
            await query.answer(reply.text[:ALERT_CHARS], show_alert=reply.level is Level.ERROR)
            if message is not None and reply.level is Level.INFO:
                await self._after_tap(message, press, reply, learner)
            return
        await query.answer()
        if isinstance(reply, SettingsView) and message is not None:
            (shown,) = render(reply, to)[-1:]
            keyboard = shown.markup if isinstance(shown.markup, InlineKeyboardMarkup) else None
            await quietly(message.edit_text(shown.text, parse_mode=ParseMode.HTML, reply_markup=keyboard))
            return
        if message is not None and press.owner != codec.ANYONE:
            await quietly(message.edit_reply_markup(reply_markup=None))  # the question is answered
        await self.sender.send(chat_id, render(reply, to), learner, private=private)

    async def _after_tap(self, message: Message, press: Press, notice: Notice, learner: Learner) -> None:
        if press.owner != codec.ANYONE:  # "which deck?" answered: say how, and close it
            said = f"{message.text_html}\n\n✓ {esc(notice.text)}"
            await quietly(message.edit_text(said, parse_mode=ParseMode.HTML))
        elif is_private(message.chat):  # the deck list: its ticks follow the learner's decks
            decks = await self.engine.decks(learner)
            if isinstance(decks, DeckList):
                await quietly(message.edit_reply_markup(reply_markup=deck_keyboard(decks)))

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

    async def _notice(self, query: CallbackQuery, message: Message | None, press: Press, notice: Notice) -> None:
        await query.answer(notice.text[:ALERT_CHARS], show_alert=notice.level is Level.ERROR)
        if message is None:
            return
        try:
            stale = notice.level is Level.ERROR and press.action in (Action.CHOICE, Action.REVEAL, Action.GRADE)
            if notice.answered_already:  # a double tap: the first press has edited this message (its keyboard too)
                return
            if stale and label_of(message, query.data) is not None:  # a button of this very message
                await message.edit_reply_markup(reply_markup=None)  # its question is no longer open
            elif press.action in PUT_OFF and label_of(message, query.data) is not None:
                await message.edit_reply_markup(reply_markup=None)  # done, or (stale) nothing left to do
            elif press.action is Action.DELETE and notice.level is Level.INFO:  # the question, answered
                await message.edit_text(f"{message.text_html}\n\n🗑 {esc(notice.text)}", parse_mode=ParseMode.HTML)
            elif press.action in CORRECTIONS and notice.level is Level.INFO:
                said = corrected(message.text_html, f"{CORRECTIONS[press.action]} {esc(notice.text)}")
                keyboard = without_corrections(message.reply_markup)  # a group's next question keeps its own
                await message.edit_text(said, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        except BadRequest as exc:
            if "not modified" not in exc.message:  # a double press already tidied the message
                raise


def _toast(feedback: Feedback) -> str:
    if feedback.correct is None:
        return f"Graded {feedback.rating}"
    return "✓ Correct" if feedback.correct else "✗ Not quite"
