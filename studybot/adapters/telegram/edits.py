"""Editing a message a button was pressed on: quietly where a double press may have made the edit already,
best effort where what follows (the next question) must be sent whatever became of the edit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from studybot.adapters.telegram import codec
from studybot.adapters.telegram.codec import Action

log = logging.getLogger(__name__)
CORRECTIONS = {Action.OVERRIDE: "✋", Action.EASY: "😌"}  # presses that change the latest grade
SCHEDULE = "Rated "  # how the schedule line of feedback starts (adapters.text.schedule)


async def best_effort(edit: Awaitable[object], what: str) -> bool:
    """Whether the edit was made (or a double press had made it); a failure (a timeout, a 429, a message
    gone or no longer editable) is logged, not raised: the learner's answer is saved either way."""
    try:
        await edit
    except BadRequest as exc:
        if "not modified" in exc.message:
            return True
        log.warning("telegram: %s failed: %s", what, exc.message)
        return False
    except TelegramError as exc:
        log.warning("telegram: %s failed: %s: %s", what, type(exc).__name__, exc)
        return False
    return True


def corrected(html: str, correction: str) -> str:
    """The feedback with its "Rated … · next review in …" line replaced by `correction`; in a group's verdict
    with the next question below it (no schedule line), `correction` goes under the verdict."""
    lines = html.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith(SCHEDULE)), None)
    if at is not None:
        lines[at] = correction
    elif "" in lines:
        lines.insert(lines.index(""), correction)
    else:
        lines += ["", correction]
    return "\n".join(lines)


def without_corrections(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The keyboard without its "Too easy" / "I was right" buttons (one of them was just used)."""
    rows = [
        [button for button in row if action_of(button.callback_data) not in CORRECTIONS]
        for row in (markup.inline_keyboard if markup else ())
    ]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


def action_of(data: object) -> Action | None:
    press = codec.decode(data) if isinstance(data, str) else None
    return press.action if press else None


def label_of(message: Message, data: str | None) -> str | None:
    """The text of the pressed button."""
    for row in message.reply_markup.inline_keyboard if message.reply_markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def quietly(edit: Awaitable[object]) -> None:
    """An edit that a double press may already have made ("message is not modified")."""
    try:
        await edit
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
