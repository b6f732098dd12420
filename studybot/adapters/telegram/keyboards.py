"""Inline keyboards: every button carries a press (`codec`) naming its action, question and owner."""

from __future__ import annotations

import json
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from studybot.adapters import text
from studybot.adapters.telegram import codec
from studybot.adapters.telegram.codec import Action, Press
from studybot.engine.replies import (
    DeckAction,
    DeckList,
    Feedback,
    GradeButtons,
    Notice,
    Prompt,
    RetentionPreview,
    SettingsView,
)

OVERRIDE_LABEL = "✋ I was right"
LATER_LABEL = "⏰ Later (1 h)"
NOT_TODAY_LABEL = "🌙 Not today"
EASY_LABEL = "😌 Too easy"
UNDONE_LABEL = "↩️ Undone · ask it again"
NUMBERS_PER_ROW = 5
MAX_BUTTONS = 100  # in one inline keyboard: Telegram refuses more ("reply markup is too long")
# ... and one of about 10 kB of JSON even under 100 buttons (reported, not documented: tginfo/Telegram-Limits#187,
# python-telegram-bot#5104); ours stay under this many bytes of compact UTF-8 JSON, a margin below it
MAX_MARKUP_BYTES = 8_000
DECK_LABEL = 48  # characters of a deck's title on its button; the list above names it in full
SHORT_BUTTON = 24  # characters: two such buttons share a row


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
        if not c.ruled_out  # a hint took it away
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


def undone_keyboard(to: Audience) -> InlineKeyboardMarkup:
    """On the message of an undone answer: it says so, and asks the card again (as /quiz)."""
    return InlineKeyboardMarkup([[button(UNDONE_LABEL, Press(Action.NEXT, "", to.user_id))]])


def study_ahead_keyboard(to: Audience) -> InlineKeyboardMarkup:
    """ "Next card in 1m — or study ahead now": the button asks it now, as /quiz does."""
    return InlineKeyboardMarkup([[button(text.STUDY_AHEAD, Press(Action.NEXT, "", to.user_id))]])


def retention_keyboard(preview: RetentionPreview, to: Audience) -> InlineKeyboardMarkup:
    row = [
        button(text.retention_label(c), Press(Action.SETTING, "", to.user_id, f"retention={c.retention:.2f}"))
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


DECK_PRESSES = {
    DeckAction.SUBSCRIBE: Action.SUBSCRIBE,
    DeckAction.UNSUBSCRIBE: Action.UNSUBSCRIBE,
    DeckAction.CRAM: Action.CRAM,
    DeckAction.STUDY: Action.STUDY,
}
DECK_ACTIONS = {press: action for action, press in DECK_PRESSES.items()}


def deck_keyboard(decks: DeckList, owner: int = codec.ANYONE) -> InlineKeyboardMarkup | None:
    """A button per deck doing what the list says a tap does (the deck list: ✓ unsubscribes, others
    subscribe), and one for every deck at once. `owner`: who may press; anyone, in the deck list.
    A catalogue bigger than a keyboard (100 buttons, MAX_MARKUP_BYTES) gets buttons for its first decks (the
    list names every deck, for /subscribe DECK)."""
    every = decks.everything
    last = [] if every is None else [[button(text.everything_label(every), _deck_press(every, owner, text.ALL_DECKS))]]
    rows: list[list[InlineKeyboardButton]] = []
    used = _size(last)
    for deck in decks.decks:
        action = decks.action(deck)
        try:
            row = [button(_short(text.deck_label(deck, action)), _deck_press(action, owner, deck.id))]
        except codec.TooLong:
            continue  # /subscribe DECK still works for it
        used += _size([row]) - _size([]) + 1  # and a comma
        if len(rows) + len(last) == MAX_BUTTONS or used > MAX_MARKUP_BYTES:
            break
        rows.append(row)
    rows += last
    return InlineKeyboardMarkup(rows) if rows else None


def with_buttons(markup: InlineKeyboardMarkup | None) -> set[str]:
    """The decks a deck keyboard has a button for."""
    rows = markup.inline_keyboard if markup is not None else ()
    presses = [codec.decode(b.callback_data) for row in rows for b in row if isinstance(b.callback_data, str)]
    return {press.arg for press in presses if press is not None}


def _deck_press(action: DeckAction, owner: int, deck: str) -> Press:
    return Press(DECK_PRESSES[action], "", owner, deck)


def _short(label: str) -> str:
    return label if len(label) <= DECK_LABEL else label[: DECK_LABEL - 1].rstrip() + "…"


def _size(rows: list[list[InlineKeyboardButton]]) -> int:
    """Bytes these rows take in a keyboard's JSON (compact, UTF-8), with the keyboard's own brackets."""
    shown = [[b.to_dict() for b in row] for row in rows]
    return len(json.dumps({"inline_keyboard": shown}, ensure_ascii=False, separators=(",", ":")).encode())


def settings_keyboard(view: SettingsView, to: Audience) -> InlineKeyboardMarkup | None:
    """The changes to tap, two to a row; the learner's own (a tap in a group changes the presser's nothing)."""
    buttons = []
    for choice in text.setting_choices(view, polls=True):
        try:
            buttons.append(button(choice.label, Press(Action.SETTING, "", to.user_id, f"{choice.name}={choice.value}")))
        except codec.TooLong:
            continue
    per_row = 2 if all(len(b.text) <= SHORT_BUTTON for b in buttons) else 1  # places ("Portland, Maine …") get a row
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return InlineKeyboardMarkup(rows) if rows else None


def put_off_keyboard(notice: Notice, to: Audience) -> InlineKeyboardMarkup | None:
    """ "Later (1 h)" and "Not today" under a daily push's "N cards due" line."""
    if notice.put_off is None:
        return None
    later = button(LATER_LABEL, Press(Action.LATER, notice.put_off, to.user_id))
    return InlineKeyboardMarkup([[later, button(NOT_TODAY_LABEL, Press(Action.NOT_TODAY, notice.put_off, to.user_id))]])
