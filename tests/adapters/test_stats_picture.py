"""The stats picture: drawn as a PNG that decodes, and `/stats --png PATH` on the console."""

from __future__ import annotations

import io
import math
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

from studybot.adapters import chart, chart_layout
from studybot.adapters.console import chat
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DayDue, DayReviews, DeckRetention, Headline, ProgressChart
from tests.conftest import Chat, FakeClock
from tests.engine.test_progress import studies_the_tiny_deck


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # reads every pixel: a truncated or corrupt file fails here
    return image


def assert_sensible(image: Image.Image) -> None:
    assert image.format == "PNG"
    width, height = image.size
    assert 480 <= width <= 1600, image.size
    assert 400 <= height <= 1600, image.size
    colours = image.getcolors(maxcolors=1 << 16)  # None: more colours than that
    assert colours is None or len(colours) > 4  # bars and text, not a blank page


async def console(engine: QuizEngine, script: str) -> str:
    out = io.StringIO()
    await chat(engine, Chat(engine).learner, io.StringIO(script), out)
    return out.getvalue()


async def test_stats_png_writes_the_picture_of_a_learner_with_history(
    engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path)
    picture = tmp_path / "progress.png"

    said = await console(engine, f"/stats --png {picture}\n")

    assert "Reviewed today: 4" in said
    assert f"Picture written to {picture}." in said
    assert_sensible(decoded(picture.read_bytes()))


async def test_a_learner_without_reviews_gets_the_text_and_no_picture(engine: QuizEngine, tmp_path: Path) -> None:
    picture = tmp_path / "progress.png"
    said = await console(engine, f"/subscribe physics\n/stats --png {picture}\n")
    assert "Due now: 0" in said
    assert "No picture yet: nothing to draw until you have reviewed a card." in said
    assert not picture.exists()


async def test_a_path_that_cannot_be_written_is_a_clear_error(
    engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path)
    nowhere = tmp_path / "no-such-folder" / "progress.png"
    said = await console(engine, f"/stats --png {nowhere}\n/stats --png\n")
    assert f"Error: cannot write the picture to {nowhere}: No such file or directory" in said
    assert "Reviewed today: 4" in said  # the figures are shown all the same
    assert "Error: say where to write the picture: /stats --png FILE.png" in said


TODAY = date(2026, 3, 4)  # a Wednesday: the calendar's last week is cut after it
QUIET = tuple(DayReviews(TODAY - timedelta(days=83 - i), 0, 0) for i in range(84))
FORECAST = tuple(DayDue(TODAY + timedelta(days=i), 10_000 if i == 0 else i) for i in range(14))
LONG = "Distributed training at scale: allreduce, parameter servers, pipeline and tensor parallelism, ZeRO"


def assert_every_text_inside(picture: chart.Picture) -> None:
    width, height = picture.image.size
    for words, (left, top, right, bottom) in picture.texts:
        assert (left, top) >= (0, 0), words
        assert right <= width, words
        assert bottom <= height, words


def assert_no_texts_overlap(picture: chart.Picture) -> None:
    boxes = picture.texts
    for i, (words, (left, top, right, bottom)) in enumerate(boxes):
        for other, (o_left, o_top, o_right, o_bottom) in boxes[i + 1 :]:
            apart = right <= o_left or o_right <= left or bottom <= o_top or o_bottom <= top
            assert apart, f"{words!r} overlaps {other!r}"


def shown(picture: chart.Picture) -> str:
    return " ".join(" ".join(words.split()) for words, _ in picture.texts)


def test_a_chart_with_only_a_forecast_and_many_long_deck_names_draws() -> None:
    assert_sensible(decoded(chart.png(ProgressChart(QUIET, FORECAST, ()))))
    decks = tuple(DeckRetention(f"{LONG} {i}", 10 * i + 1, i / 20) for i in range(20))
    many = ProgressChart(QUIET, FORECAST, decks, Headline(3, 10_000, 0.91))
    assert_sensible(decoded(chart.png(many)))
    picture = chart.render(many)
    assert_every_text_inside(picture)
    assert_no_texts_overlap(picture)
    assert all(f"{LONG} {i}" in shown(picture) for i in range(chart.DECK_ROWS_MAX))  # full names, never cut
    assert f"and {20 - chart.DECK_ROWS_MAX} more decks" in shown(picture)
    assert "10,000 due today" in shown(picture)


def test_a_deck_with_no_reviews_and_a_word_longer_than_a_line() -> None:
    decks = (DeckRetention("x" * 100, 0, 0.0), DeckRetention("Go runtime", 12, 1.0))
    picture = chart.render(ProgressChart(QUIET, FORECAST, decks, Headline(0, 0, None)))
    assert_every_text_inside(picture)
    assert "0% of 0" in shown(picture)
    assert "— retention" in shown(picture)
    assert picture.image.size[0] == chart.WIDTH


def test_one_card_due_and_one_more_deck_are_said_in_the_singular() -> None:
    """A learner with one review: one card due in the next 14 days, and a thirteenth deck past the twelve drawn."""
    one_due = tuple(DayDue(TODAY + timedelta(days=i), int(i == 3)) for i in range(14))
    decks = tuple(DeckRetention(f"Deck {i:02d}", 1, 1.0) for i in range(chart.DECK_ROWS_MAX + 1))
    picture = chart.render(ProgressChart(QUIET, one_due, decks, Headline(1, 0, 1.0)))
    assert "Due, next 14 days 1 card " in shown(picture)
    assert shown(picture).endswith("and 1 more deck 100% of 1")


def test_equal_peaks_side_by_side_are_numbered_without_overlapping() -> None:
    """Two days in a row with the same four-digit peak: their numbers would print over each other."""
    peaks = tuple(DayDue(TODAY + timedelta(days=i), 1_234 if i in (4, 5, 9) else 7) for i in range(14))
    picture = chart.render(ProgressChart(QUIET, peaks, (DeckRetention("XGBoost", 40, 0.8),), Headline(1, 7, 0.8)))
    assert_no_texts_overlap(picture)
    assert shown(picture).count("1,234") == 2  # the first of the neighbours, and the one standing alone


def test_the_picture_fits_a_phone_and_reads_in_dark_mode() -> None:
    days = tuple(DayReviews(day.day, 5 + i % 7, i % 3) for i, day in enumerate(QUIET))
    picture = chart.render(ProgressChart(days, FORECAST, (DeckRetention("XGBoost", 40, 0.8),), Headline(12, 5, 0.8)))
    width, height = picture.image.size
    assert 400 <= width <= 540  # one phone screen wide
    assert height <= 2.5 * width  # a scroll or two tall
    assert sum(picture.image.getpixel((2, 2))) < 3 * 64  # a dark card, whatever the chat's theme
    assert "Reviews, last 12 weeks 756 in all" in shown(picture)
    assert shown(picture).startswith("12 day streak 5 due today 80% retention")


def test_the_calendar_puts_weeks_in_columns_and_today_last() -> None:
    grid = chart_layout.calendar((*QUIET[:-1], DayReviews(TODAY, 3, 1)))
    assert len(grid.levels) == 7
    assert len(grid.levels[0]) == 13  # 84 days starting on a Thursday span 13 Monday-first weeks
    wednesday = TODAY.weekday()
    assert grid.levels[wednesday][-1] == chart_layout.LEVELS  # today: the busiest day
    assert all(math.isnan(grid.levels[row][-1]) for row in range(wednesday + 1, 7))  # after today: not drawn
    assert grid.total == 4
    assert [name for _, name in grid.months] == ["Dec", "Jan", "Feb", "Mar"]


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    """The picture's library loads with the first picture: start-up and an idle bot do not pay for it."""
    loads = "import sys, studybot.cli, studybot.bootstrap, studybot.adapters.telegram, studybot.adapters.discord"
    check = f"{loads}; print('matplotlib' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120, check=True)
    assert ran.stdout.strip() == "False"
