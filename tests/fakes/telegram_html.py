"""Telegram's HTML parse mode as the Bot API applies it: the allowed tags and entities, or a 400.

Returns the plain text and its entities (offsets in UTF-16 code units), as Telegram stores a message.
"""

from __future__ import annotations

import html
import re
from typing import Any

ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(r"<(/?)([a-z-]+)((?:\s+[a-z-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*>")
_ATTR = re.compile(r"([a-z-]+)(?:=\"([^\"]*)\"|='([^']*)')?")
_PLAIN = re.compile(r"[^<>&]+")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class ParseError(ValueError):
    pass


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    offset = 0  # UTF-16 units written so far
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            if match is None or match.group(2) not in ENTITY_TYPES:
                raise ParseError(f"Can't parse entities: unsupported start tag at byte offset {i}")
            closing, name, attrs = match.group(1), match.group(2), _attrs(match.group(3))
            if closing:
                if not stack or stack[-1][0] != name:
                    raise ParseError(f"Can't parse entities: unmatched end tag at byte offset {i}, expected another")
                _, start, opened = stack.pop()
                if offset > start:
                    entities.append(_entity(name, start, offset - start, opened))
            else:
                if name == "a" and not attrs.get("href"):
                    raise ParseError("Can't parse entities: an <a> tag needs an href")
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise ParseError("Can't parse entities: span needs class tg-spoiler")
                stack.append((name, offset, attrs))
            i = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                raise ParseError(f"Can't parse entities: unsupported HTML entity at byte offset {i}")
            char = html.unescape(match.group())
            i = match.end()
        elif char == ">":
            raise ParseError(f"Can't parse entities: unexpected > at byte offset {i}")
        else:
            char = _PLAIN.match(source, i).group()  # type: ignore[union-attr]
            i += len(char)
        out.append(char)
        offset += utf16_len(char)
    if stack:
        raise ParseError(f"Can't parse entities: can't find end tag corresponding to start tag {stack[-1][0]}")
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) or m.group(3) or "") for m in _ATTR.finditer(text)}


def _entity(name: str, offset: int, length: int, attrs: dict[str, str]) -> dict[str, Any]:
    entity: dict[str, Any] = {"type": ENTITY_TYPES[name], "offset": offset, "length": length}
    if name == "a":
        entity["url"] = attrs["href"]
    return entity
