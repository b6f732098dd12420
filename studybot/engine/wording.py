"""Small pieces of wording every reply shares: counted nouns and the one way a span of time is written."""

from __future__ import annotations

from datetime import timedelta


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 deck", "2 decks", "0 new cards"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def interval(span: timedelta) -> str:
    """Anki-style short interval, the one time format of replies: 1m, 10m, 5h, 3d, 2mo, 1.5y."""
    seconds = max(span.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y".replace(".0y", "y")
