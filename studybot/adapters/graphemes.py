"""Cutting chat text between two characters as a reader sees them: never inside an emoji sequence, a flag, or
a letter and its accents (the cases chat names and card text meet; not the whole of Unicode's rules)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

ZWJ = "\u200d"
# variation selectors, skin tones, and the tags of a subdivision flag: each belongs to the character before it
_EXTENDERS = (("\ufe00", "\ufe0f"), ("\U0001f3fb", "\U0001f3ff"), ("\U000e0020", "\U000e007f"))
ELLIPSIS = "…"


def shorten(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """`text` in at most `limit` (as `measure` counts: characters, or Telegram's UTF-16 units), cut with "…"
    between two characters as a reader sees them ("" when not even "…" fits)."""
    if measure(text) <= limit:
        return text
    if limit < measure(ELLIPSIS):
        return ""
    at, used = 0, measure(ELLIPSIS)
    while used + measure(text[at]) <= limit:
        used, at = used + measure(text[at]), at + 1
    while at > 0 and joined(text, at):
        at -= 1
    return text[:at].rstrip() + ELLIPSIS


def joined(text: str, at: int) -> bool:
    """Whether text[at - 1] and text[at] belong to one grapheme cluster (the cases chat text meets)."""
    before, after = text[at - 1], text[at]
    if before == ZWJ or after == ZWJ or unicodedata.category(after) in ("Mn", "Mc", "Me"):
        return True
    if any(low <= after <= high for low, high in _EXTENDERS):
        return True
    if _regional(before) and _regional(after):  # flags are pairs of regional indicators
        run = at - next((i + 1 for i in range(at - 1, -1, -1) if not _regional(text[i])), 0)
        return run % 2 == 1  # an odd run before the cut: its last one is half a flag
    return False


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"
