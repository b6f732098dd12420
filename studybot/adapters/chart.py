"""The stats picture as a PNG, drawn with matplotlib's Agg backend (no display, no pyplot state).

matplotlib is imported on the first drawing, not at start-up: a bot that nobody asks for /stats
never pays its import time or memory. Drawing takes tens of milliseconds of CPU, so `draw` runs it in a
worker thread and the event loop keeps serving other learners meanwhile.
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from studybot.engine.replies import ProgressChart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH, HEIGHT, DPI = 8.0, 7.5, 80  # inches and dots per inch: 640 × 600 pixels, readable on a phone
RIGHT, WRONG, DUE, KEPT = "#4c9a52", "#d0534c", "#4a78b5", "#7a5ea8"
TITLE_CHARS = 18  # every glyph drawn costs: deck labels were half of the drawing's text
BAR_WIDTH = 9  # points: about two thirds of a day's width at this size


# One drawing thread, not the default pool's many: each thread that draws keeps its own malloc arena
# full of matplotlib's buffers (measured: 40 pictures on the pool +72 MB, on one thread +57 MB).
_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studybot-chart")


async def draw(chart: ProgressChart) -> bytes:
    """`png` in the drawing thread."""
    return await asyncio.get_running_loop().run_in_executor(_DRAWER, png, chart)


def png(chart: ProgressChart) -> bytes:
    """Reviews per day for 30 days (right / wrong), the 14-day due forecast and retention per deck."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazily: see the module doc
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(figure)
    history, forecast, retention = figure.subplots(3, 1, height_ratios=(3, 2, 2))
    figure.subplots_adjust(left=0.27, right=0.97, top=0.95, bottom=0.06, hspace=0.55)
    _history(history, chart)
    _forecast(forecast, chart)
    _retention(retention, chart)
    out = io.BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})  # a few kB more, 20 ms less
    return out.getvalue()


def _history(axes: Axes, chart: ProgressChart) -> None:
    x = range(len(chart.reviews))
    right = [day.right for day in chart.reviews]
    total = [day.right + day.wrong for day in chart.reviews]
    axes.vlines(x, 0, right, colors=RIGHT, linewidth=BAR_WIDTH)  # one artist per series: bars cost a patch each
    axes.vlines(x, right, total, colors=WRONG, linewidth=BAR_WIDTH)
    _title(axes, "Reviews per day, 30 days: right / wrong")
    axes.set_xlim(-1, len(chart.reviews))
    axes.set_ylim(0, max(max(total) * 1.3, 1))  # room for the legend above the bars
    _day_ticks(axes, [day.day.strftime("%d %b") for day in chart.reviews], every=7, last=True)
    axes.text(0.01, 0.9, "right", color=RIGHT, transform=axes.transAxes, fontsize=9, fontweight="bold")
    axes.text(0.1, 0.9, "wrong", color=WRONG, transform=axes.transAxes, fontsize=9, fontweight="bold")


def _forecast(axes: Axes, chart: ProgressChart) -> None:
    cards = [day.cards for day in chart.forecast]
    axes.vlines(range(len(cards)), 0, cards, colors=DUE, linewidth=BAR_WIDTH * 2)
    _title(axes, "Due per day, next 14 days (overdue: today)")
    axes.set_xlim(-1, len(cards))
    axes.set_ylim(0, max(max(cards) * 1.1, 1))
    labels = ["today"] + [day.day.strftime("%a %d") for day in chart.forecast[1:]]
    _day_ticks(axes, labels, every=2, last=False)


def _retention(axes: Axes, chart: ProgressChart) -> None:
    _title(axes, "Retention per deck, 30 days (reviews)")
    axes.set_xlim(0, 100)
    if not chart.retention:
        axes.set_yticks([])
        axes.text(50, 0.5, "no reviews yet (first sightings do not count)", ha="center", va="center", fontsize=9)
        return
    decks = chart.retention[::-1]  # the first deck on top
    shares = [deck.retention * 100 for deck in decks]
    axes.hlines(range(len(decks)), 0, shares, colors=KEPT, linewidth=min(BAR_WIDTH * 2, 60 / len(decks)))
    axes.set_ylim(-0.7, len(decks) - 0.3)
    labels = [f"{_short(deck.title)} {deck.retention:.0%} ({deck.reviews})" for deck in decks]
    axes.set_yticks(range(len(decks)), labels, fontsize=8)  # one text per deck: each costs a millisecond or two
    axes.set_xticks([])


def _title(axes: Axes, title: str) -> None:
    """Placed by hand: Axes.set_title measures every tick label to stay clear of them, a third of the time."""
    axes.text(0, 1.04, title, transform=axes.transAxes, fontsize=11)


def _day_ticks(axes: Axes, labels: list[str], *, every: int, last: bool) -> None:
    """Every `every`-th day labelled, counted back from the last day (`last`) or on from the first."""
    count = len(labels)
    shown = range(count - 1, -1, -every) if last else range(0, count, every)
    axes.set_xticks(list(shown), [labels[i] for i in shown], fontsize=8)
    from matplotlib.ticker import MaxNLocator  # lazily: see the module doc

    axes.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))  # every label drawn costs a millisecond
    axes.tick_params(axis="y", labelsize=8)


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
