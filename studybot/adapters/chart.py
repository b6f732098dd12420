"""The stats picture as a PNG, laid out for a phone screen.

From the top: a headline row (streak, due today, retention), a calendar heatmap of the last twelve weeks, the
due forecast for the next 14 days, and retention per deck under each deck's full name. 480 pixels wide with text
of 14 pixels and more, so it stays readable shown 400 pixels wide; light text on a dark card, which reads the
same in a light and a dark chat theme.

The picture is rectangles and text, so Pillow draws it directly: matplotlib spent 2–3 ms of layout on every
text, which made a readable picture cost 150 ms and more. The font is the DejaVu Sans that matplotlib ships, the
same on every machine (found where matplotlib is installed, without importing it). `draw` runs in a
worker thread, so the event loop keeps serving other learners meanwhile.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from studybot.adapters import chart_layout as layout
from studybot.engine.replies import DayDue, ProgressChart
from studybot.heap import give_back_free_memory

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH, PAD = 480, 24
BACKGROUND, TEXT, MUTED, EMPTY = "#16181d", "#e8eaed", "#9aa0a6", "#2d333b"
DUE, KEPT, LOST = "#58a6ff", "#3fb950", "#f85149"
HEAT = (EMPTY, "#0e4429", "#006d32", "#26a641", "#39d353")  # no reviews, then four levels
CELL, GAP = 25, 4  # heatmap cells, pixels
BARS = 96  # forecast bar height, pixels
DECK_ROWS_MAX = 12  # decks drawn; the rest are summed up in one row


@dataclass
class Picture:
    """The drawn image and every text with its box: tests check that no text leaves the picture."""

    image: Image.Image
    texts: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)


async def draw(chart: ProgressChart) -> bytes:
    """`png` in a worker thread."""
    return await asyncio.to_thread(png, chart)


def png(chart: ProgressChart) -> bytes:
    out = io.BytesIO()
    render(chart).image.save(out, format="PNG", compress_level=1)  # a few kB more, much faster
    give_back_free_memory()  # the image buffers, freed in this worker thread's own heap
    return out.getvalue()


def render(chart: ProgressChart) -> Picture:
    from PIL import Image  # lazily, like the font: a bot nobody asks for /stats never loads them

    rows = layout.deck_rows(
        chart.retention, DECK_ROWS_MAX, fits=lambda line: _font(15).getlength(line) <= WIDTH - 2 * PAD
    )
    deck_height = 64 + sum(30 + 18 * row.lines for row in rows) if rows else 110
    canvas = _Canvas(Picture(Image.new("RGB", (WIDTH, 610 + deck_height), BACKGROUND)))
    _headline(canvas, chart)
    _heatmap(canvas, chart, top=104)
    _forecast(canvas, chart.forecast, top=392)
    _retention(canvas, rows, top=600)
    return canvas.picture


def _headline(canvas: _Canvas, chart: ProgressChart) -> None:
    for (value, label), x in zip(
        layout.headline(chart.headline), (WIDTH // 6, WIDTH // 2, WIDTH * 5 // 6), strict=True
    ):
        canvas.text((x, 16), value, 32, TEXT, anchor="ma", bold=True)
        canvas.text((x, 60), label, 15, MUTED, anchor="ma")


def _heatmap(canvas: _Canvas, chart: ProgressChart, *, top: int) -> None:
    grid = layout.calendar(chart.reviews)
    canvas.title(top, "Reviews, last 12 weeks", f"{grid.total:,} in all")
    columns = len(grid.levels[0])
    left = WIDTH - PAD - columns * (CELL + GAP) + GAP
    cells = top + 56
    for column, name in grid.months:
        canvas.text((left + column * (CELL + GAP), cells - 6), name, 14, MUTED, anchor="ld")
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
        canvas.text((left - 8, cells + row * (CELL + GAP) + CELL // 2), name, 14, MUTED, anchor="rm")
    for row, levels in enumerate(grid.levels):
        for column, level in enumerate(levels):
            if level == level:  # not NaN: a day within the 12 weeks
                x, y = left + column * (CELL + GAP), cells + row * (CELL + GAP)
                canvas.pen.rounded_rectangle((x, y, x + CELL, y + CELL), 4, fill=HEAT[int(level)])


def _forecast(canvas: _Canvas, days: tuple[DayDue, ...], *, top: int) -> None:
    cards = [day.cards for day in days]
    canvas.title(top, "Due, next 14 days", f"{sum(cards):,} {'card' if sum(cards) == 1 else 'cards'}")
    step = (WIDTH - 2 * PAD) // max(len(cards), 1)
    base, peak = top + 48 + BARS, max(cards, default=0)
    numbered_to = 0  # the right edge of the last peak's number: a neighbouring equal peak is left unnumbered
    for index, count in enumerate(cards):
        x = PAD + index * step + step // 2
        height = round(BARS * count / peak) if peak else 0
        canvas.pen.rectangle((x - step // 3, base - max(height, 2), x + step // 3, base), fill=DUE if count else EMPTY)
        half = _font(14).getlength(f"{count:,}") / 2
        if count and count == peak and x - half > numbered_to:
            canvas.text((x, base - height - 4), f"{count:,}", 14, TEXT, anchor="md")
            numbered_to = round(x + half) + 2
    for index, label in layout.forecast_labels(days):
        canvas.text((PAD + index * step + step // 2, base + 8), label, 14, MUTED, anchor="ma")


def _retention(canvas: _Canvas, rows: list[layout.DeckRow], *, top: int) -> None:
    canvas.title(top, "Retention per deck, 30 days", "of reviews")
    y = top + 48
    if not rows:
        canvas.text((PAD, y), "No reviews in 30 days yet\n(first sightings do not count).", 15, MUTED)
        return
    bar_end = WIDTH - PAD - 110
    for row in rows:
        canvas.text((PAD, y), row.name, 15, TEXT)
        y += 18 * row.lines + 8
        canvas.text((WIDTH - PAD, y + 4), row.figures, 15, MUTED, anchor="rm")
        if row.share is not None:
            canvas.pen.rounded_rectangle((PAD, y, bar_end, y + 8), 4, fill=EMPTY)
            share_end = PAD + round((bar_end - PAD) * row.share)
            if share_end > PAD + 8:
                colour = KEPT if row.share >= 0.8 else LOST
                canvas.pen.rounded_rectangle((PAD, y, share_end, y + 8), 4, fill=colour)
        y += 22


class _Canvas:
    def __init__(self, picture: Picture) -> None:
        from PIL import ImageDraw

        self.picture = picture
        self.pen: ImageDraw.ImageDraw = ImageDraw.Draw(picture.image)

    def text(
        self, at: tuple[int, int], words: str, size: int, colour: str, *, anchor: str = "la", bold: bool = False
    ) -> None:
        font = _font(size, bold=bold)
        self.pen.text(at, words, font=font, fill=colour, anchor=anchor if "\n" not in words else None, spacing=4)
        box = self.pen.textbbox(at, words, font=font, anchor=anchor if "\n" not in words else None, spacing=4)
        self.picture.texts.append((words, (round(box[0]), round(box[1]), round(box[2]), round(box[3]))))

    def title(self, top: int, title: str, note: str) -> None:
        self.text((PAD, top), title, 19, TEXT, bold=True)
        self.text((WIDTH - PAD, top + 3), note, 15, MUTED, anchor="ra")


@cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_fonts_dir() / name), size)


@cache
def _fonts_dir() -> Path:
    """The fonts matplotlib ships, found without importing it: its import (numpy and all) cost a running bot
    40 MB for a path."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which ships the picture's font) is not installed")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
