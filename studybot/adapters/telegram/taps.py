"""Presses whose answer is said on the pressed message: deck and settings taps (the deck list and the
settings edited in place; a "which deck?" question closed once answered) and notices (a stale question's
buttons taken away, a correction written into its verdict)."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from studybot.adapters.telegram import codec
from studybot.adapters.telegram.accounts import is_private
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.edits import CORRECTIONS, corrected, label_of, quietly, without_corrections
from studybot.adapters.telegram.keyboards import Audience, deck_keyboard
from studybot.adapters.telegram.markup import esc, toast
from studybot.adapters.telegram.render import render
from studybot.adapters.telegram.sending import Sender
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DeckList, Learner, Level, Notice, Reply, SettingsView

PUT_OFF = frozenset({Action.LATER, Action.NOT_TODAY})  # the daily push's buttons


class Taps:
    def __init__(self, engine: QuizEngine, sender: Sender) -> None:
        self.engine = engine
        self.sender = sender

    async def show(
        self, query: CallbackQuery, message: Message | None, press: Press, reply: Reply, learner: Learner, to: Audience
    ) -> None:
        """A deck or settings button: the deck list and settings are edited in place; a "which deck?"
        question loses its buttons once answered, and what the tap started follows as new messages."""
        private = message is None or is_private(message.chat)
        chat_id = message.chat_id if message is not None else query.from_user.id
        if isinstance(reply, Notice) and reply.next is None:
            await query.answer(toast(reply.text), show_alert=reply.level is Level.ERROR)
            if message is not None and reply.level is Level.INFO:
                await self._after(message, press, reply, learner)
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

    async def _after(self, message: Message, press: Press, notice: Notice, learner: Learner) -> None:
        if press.owner != codec.ANYONE:  # "which deck?" answered: say how, and close it
            said = f"{message.text_html}\n\n✓ {esc(notice.text)}"
            await quietly(message.edit_text(said, parse_mode=ParseMode.HTML))
        elif is_private(message.chat):  # the deck list: its ticks follow the learner's decks
            decks = await self.engine.decks(learner)
            if isinstance(decks, DeckList):
                await quietly(message.edit_reply_markup(reply_markup=deck_keyboard(decks)))


async def after_notice(query: CallbackQuery, message: Message | None, press: Press, notice: Notice) -> None:
    """A press answered with a notice: said in the callback answer, and the pressed message tidied to match."""
    await query.answer(toast(notice.text), show_alert=notice.level is Level.ERROR)
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
