"""A Telegram message as the adapter sends it: HTML text, its buttons, and what it carries besides."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import ForceReply, InlineKeyboardMarkup

from studybot.adapters.telegram.markup import split
from studybot.engine.replies import Document, Prompt

Markup = InlineKeyboardMarkup | ForceReply


@dataclass(frozen=True)
class Outgoing:
    text: str  # Telegram HTML, at most 4,096 units
    markup: Markup | None = None
    prompt: Prompt | None = None  # the question this message shows
    document: Document | None = None  # sent as a file (sendDocument), `text` its caption
    photo: bytes | None = None  # a PNG sent with sendPhoto; `text` is then its caption (at most 1,024 units)


def plain(lines: list[str], markup: Markup | None = None) -> list[Outgoing]:
    """Lines of HTML as one message, or several when it is too long (the buttons go on the last)."""
    pieces = split("\n".join(lines))
    return [Outgoing(piece, markup if i == len(pieces) - 1 else None) for i, piece in enumerate(pieces)]
