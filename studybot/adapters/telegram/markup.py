"""Telegram HTML: escaping every card and user string, and splitting long replies.

Telegram counts a message's length in UTF-16 code units after entity parsing (at most 4,096). The
splitter measures the HTML source instead, which is never shorter, so every piece fits; it cuts at a line
break when it can and never inside a tag or an entity, closing open tags at the cut and reopening them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from studybot.adapters import graphemes

MAX_TEXT = 4096
MAX_CAPTION = 1024  # a photo's caption, counted the same way
MAX_TOAST = 200  # answerCallbackQuery's text; held to in UTF-16 units, never fewer than characters
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and line feed are kept
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|.", re.DOTALL)
_TAG = re.compile(r"^<(/?)([a-z-]+)")


def esc(text: str) -> str:
    """Plain text for HTML parse mode; control characters (other than tab and line feed) dropped."""
    return html.escape(_CONTROL.sub("", text), quote=False)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: str) -> str:
    return f"<i>{esc(text)}</i>"


def mention(user_id: int, name: str) -> str:
    return f'<a href="tg://user?id={int(user_id)}">{esc(name or "you")}</a>'


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_units(markup: str) -> int:
    """The length of our HTML `markup` as Telegram counts it after parsing entities: tags dropped, each
    entity one character, in UTF-16 units."""
    return units(html.unescape(re.sub(r"<[^>]*>", "", markup)))


def toast(text: str) -> str:
    """`text` for a callback query's answer: at most 200 UTF-16 units (so at most 200 characters, whichever
    way Telegram counts)."""
    return shorten(text, MAX_TOAST)


def shorten(text: str, limit: int) -> str:
    """Plain `text` in at most `limit` UTF-16 units, cut with "…" between two characters as a reader sees
    them: never inside an emoji sequence, a flag, or a letter and its accents ("" when not even "…" fits)."""
    return graphemes.shorten(text, limit, units)


@dataclass(frozen=True)
class _Cut:
    at: int  # index into the text where the next piece starts
    open_tags: tuple[tuple[str, str], ...]  # (name, opening tag) still open at the cut


def split(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` (valid Telegram HTML) in pieces of at most `limit` units, each valid HTML on its own."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if units(rest) <= limit:
            pieces.append(rest)
            break
        cut = _cut(rest, limit)
        closing = "".join(f"</{name}>" for name, _ in reversed(cut.open_tags))
        reopening = "".join(tag for _, tag in cut.open_tags)
        pieces.append(rest[: cut.at].rstrip() + closing)
        rest = (reopening + rest[cut.at :].lstrip()).strip()
    return [piece for piece in pieces if _visible(piece)]


def _cut(text: str, limit: int) -> _Cut:
    """The last line break (else space, else token) before `limit`, leaving room to close open tags."""
    stack: list[tuple[str, str]] = []
    used = 0
    best: dict[str, _Cut] = {}
    last = _Cut(min(len(text), limit), ())
    for match in _TOKEN.finditer(text):
        piece = match.group()
        closing = sum(units(f"</{name}>") for name, _ in stack)
        if used + units(piece) + closing > limit:
            break
        if piece in ("\n", " "):
            best["line" if piece == "\n" else "space"] = _Cut(match.start(), tuple(stack))
        tag = _TAG.match(piece) if piece.startswith("<") else None
        if tag and tag.group(1):
            if stack and stack[-1][0] == tag.group(2):
                stack.pop()
        elif tag:
            stack.append((tag.group(2), piece))
        used += units(piece)
        last = _Cut(match.end(), tuple(stack))
    return best.get("line") or best.get("space") or last


def _visible(piece: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", piece).strip())
