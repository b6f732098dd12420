"""Anki's field HTML as plain text: line breaks kept, pictures and sounds replaced by "[image]" and
"[audio]", every other tag dropped and entities decoded. Nothing in a field is ever rendered as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from studybot.decks.formats.model import without_controls

IMAGE, AUDIO = "[image]", "[audio]"
_BREAKS = frozenset({"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
_MEDIA = {"img": IMAGE, "audio": AUDIO, "video": AUDIO}
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_HIDDEN = frozenset({"script", "style"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _MEDIA:
            self.parts.append(_MEDIA[tag])
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS - {"br", "hr"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(_SOUND.sub(AUDIO, html))
    parser.close()
    text = without_controls("".join(parser.parts)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def media_only(text: str) -> str | None:
    """ "image-only" or "audio-only" when `text` shows nothing but placeholders; else None."""
    rest = text.replace(IMAGE, "").replace(AUDIO, "")
    if rest.strip() or text == "":
        return None
    return "image-only" if IMAGE in text else "audio-only"
