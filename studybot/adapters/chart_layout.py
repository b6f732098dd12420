"""What the stats picture shows, worked out without matplotlib: numbers as text, the calendar grid, deck rows."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from studybot.engine.replies import DayDue, DayReviews, DeckRetention, Headline
from studybot.engine.wording import count as counted

LEVELS = 4  # shades of the heatmap above "none"


@dataclass(frozen=True)
class Calendar:
    levels: list[list[float]]  # 7 rows (Monday first) × one column per week; NaN: outside the 12 weeks
    months: list[tuple[int, str]]  # (column, "Mar") where a month starts
    total: int


@dataclass(frozen=True)
class DeckRow:
    name: str  # the full title, wrapped onto lines
    figures: str  # "87% of 123"
    share: float | None  # None: the "and N more" row, which has no bar

    @property
    def lines(self) -> int:
        return self.name.count("\n") + 1


def headline(figures: Headline) -> list[tuple[str, str]]:
    retention = "—" if figures.retention_30d is None else f"{figures.retention_30d:.0%}"
    return [
        (f"{figures.streak_days:,}", "day streak"),
        (f"{figures.due_today:,}", "due today"),
        (retention, "retention"),
    ]


def calendar(days: tuple[DayReviews, ...]) -> Calendar:
    """The days as a GitHub-style grid: a column per week (Monday on top), the last column this week."""
    if not days:
        return Calendar([[math.nan]] * 7, [], 0)
    counts = [day.right + day.wrong for day in days]
    lead = days[0].day.weekday()  # empty cells before the first day, in its week
    columns = math.ceil((lead + len(days)) / 7)
    levels = [[math.nan] * columns for _ in range(7)]
    top = max(counts)
    for index, count in enumerate(counts):
        column, row = divmod(lead + index, 7)
        levels[row][column] = 0 if count == 0 else max(1, math.ceil(LEVELS * count / top))
    return Calendar(levels, _months(days, lead), sum(counts))


def _months(days: tuple[DayReviews, ...], lead: int) -> list[tuple[int, str]]:
    labels: list[tuple[int, str]] = []
    for index, day in enumerate(days):
        column = (lead + index) // 7
        starts_month = index == 0 or day.day.month != days[index - 1].day.month
        if starts_month and (not labels or column - labels[-1][0] >= 3):  # three columns: room for "Mar"
            labels.append((column, day.day.strftime("%b")))
    return labels


def forecast_labels(days: tuple[DayDue, ...]) -> list[tuple[int, str]]:
    """Every other day named: "today", then weekdays."""
    return [(i, "today" if i == 0 else day.day.strftime("%a")) for i, day in enumerate(days) if i % 2 == 0]


def deck_rows(decks: tuple[DeckRetention, ...], most: int, fits: Callable[[str], bool]) -> list[DeckRow]:
    """A row per deck, its name wrapped onto lines that `fits`; decks past `most` summed up in one row."""
    rows = [
        DeckRow(wrap(deck.title, fits), f"{deck.retention:.0%} of {deck.reviews:,}", deck.retention)
        for deck in decks[:most]
    ]
    if len(decks) > most:
        rest = decks[most:]
        reviews = sum(deck.reviews for deck in rest)
        kept = sum(deck.retention * deck.reviews for deck in rest) / reviews if reviews else 0.0
        rows.append(DeckRow(f"and {counted(len(rest), 'more deck', 'more decks')}", f"{kept:.0%} of {reviews:,}", None))
    return rows


def wrap(text: str, fits: Callable[[str], bool]) -> str:
    """Words onto lines that fit; a word too long for a line is cut where it stops fitting."""
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while not fits(word) and len(word) > 1:
            cut = next(i for i in range(len(word), 0, -1) if fits(word[:i]) or i == 1)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return "\n".join(lines)
