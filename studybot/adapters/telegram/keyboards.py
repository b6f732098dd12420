"""Inline keyboards: every button carries a press (`codec`) naming its action, question and owner."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from studybot.adapters import text
from studybot.adapters.telegram import codec
from studybot.adapters.telegram.codec import Action, Press
from studybot.engine.replies import DeckList, Feedback, GradeButtons, Notice, Prompt, RetentionPreview

OVERRIDE_LABEL = "✋ I was right"
LATER_LABEL = "⏰ Later (1 h)"
NOT_TODAY_LABEL = "🌙 Not today"
EASY_LABEL = "😌 Too easy"
NUMBERS_PER_ROW = 5


@dataclass(frozen=True)
class Audience:
    """Who the reply is for and where: buttons carry the user id; in groups prompts name the learner."""

    user_id: int
    name: str
    group: bool = False


def button(label: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=codec.encode(press))


def choice_keyboard(prompt: Prompt, to: Audience, *, numbers: bool) -> InlineKeyboardMarkup:
    buttons = [
        button(c.key if numbers else c.label, Press(Action.CHOICE, prompt.nonce, to.user_id, c.key))
        for c in prompt.choices
    ]
    if numbers:
        rows = [buttons[i : i + NUMBERS_PER_ROW] for i in range(0, len(buttons), NUMBERS_PER_ROW)]
    elif prompt.kind == "truefalse":
        rows = [buttons]
    else:
        rows = [[b] for b in buttons]
    return InlineKeyboardMarkup(rows)


def after_answer_keyboard(feedback: Feedback, to: Audience) -> InlineKeyboardMarkup | None:
    """ "I was right" under a typed answer marked wrong; "Too easy" under a right answer given without a hint."""
    if feedback.can_override:
        return InlineKeyboardMarkup([[button(OVERRIDE_LABEL, Press(Action.OVERRIDE, feedback.nonce, to.user_id))]])
    if feedback.can_mark_easy:
        return InlineKeyboardMarkup([[button(EASY_LABEL, Press(Action.EASY, feedback.nonce, to.user_id))]])
    return None


def retention_keyboard(preview: RetentionPreview, to: Audience) -> InlineKeyboardMarkup:
    row = [
        button(text.retention_label(c), Press(Action.RETENTION, "", to.user_id, f"{round(c.retention * 100)}"))
        for c in preview.choices
    ]
    return InlineKeyboardMarkup([row])


def grade_keyboard(buttons: GradeButtons, to: Audience) -> InlineKeyboardMarkup:
    row = [
        button(text.grade_label(buttons, o), Press(Action.GRADE, buttons.nonce, to.user_id, str(o.rating)))
        for o in buttons.options
    ]
    return InlineKeyboardMarkup([row[:2], row[2:]])


STUDY_LABEL = "▶ Study it"
DELETE_LABEL = "🗑 Delete it"


def deck_action_keyboard(notice: Notice, to: Audience) -> InlineKeyboardMarkup | None:
    """A button under a notice about one deck: "Study it" (an upload's report) or "Delete it" (/deletedeck).
    Only its learner may press it; the notice names the command too, for a deck id too long for a button."""
    if notice.study_deck:
        press, label = Press(Action.STUDY, "", to.user_id, notice.study_deck), STUDY_LABEL
    elif notice.confirm_delete:
        press, label = Press(Action.DELETE, "", to.user_id, notice.confirm_delete), DELETE_LABEL
    else:
        return None
    try:
        return InlineKeyboardMarkup([[button(label, press)]])
    except codec.TooLong:
        return None


def deck_keyboard(decks: DeckList, *, every_deck: bool = False) -> InlineKeyboardMarkup | None:
    """Subscribe buttons: for the decks not subscribed yet, or (greeting) every deck, ✓ on subscribed ones."""
    rows = []
    for deck in decks.decks:
        if deck.subscribed and not every_deck:
            continue
        label = f"✓ {deck.title}" if deck.subscribed else deck.title
        try:
            rows.append([button(label, Press(Action.SUBSCRIBE, "", codec.ANYONE, deck.id))])
        except codec.TooLong:
            continue  # /subscribe DECK still works for it
    return InlineKeyboardMarkup(rows) if rows else None


def put_off_keyboard(notice: Notice, to: Audience) -> InlineKeyboardMarkup | None:
    """ "Later (1 h)" and "Not today" under a daily push's "N cards due" line."""
    if notice.put_off is None:
        return None
    later = button(LATER_LABEL, Press(Action.LATER, notice.put_off, to.user_id))
    return InlineKeyboardMarkup([[later, button(NOT_TODAY_LABEL, Press(Action.NOT_TODAY, notice.put_off, to.user_id))]])
