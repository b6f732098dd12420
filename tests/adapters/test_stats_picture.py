"""The stats picture: drawn as a PNG that decodes, and `/stats --png PATH` on the console."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

from studybot.adapters import chart
from studybot.adapters.console import chat
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DayDue, DayReviews, DeckRetention, ProgressChart
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


def test_a_chart_with_only_a_forecast_and_many_long_deck_names_draws() -> None:
    today = date(2026, 3, 3)
    quiet = tuple(DayReviews(today - timedelta(days=29 - i), 0, 0) for i in range(30))
    forecast = tuple(DayDue(today + timedelta(days=i), 10_000 if i == 0 else i) for i in range(14))
    assert_sensible(decoded(chart.png(ProgressChart(quiet, forecast, ()))))
    decks = tuple(DeckRetention(f"A deck with a very long title number {i}", 10 * i + 1, 0.5) for i in range(12))
    assert_sensible(decoded(chart.png(ProgressChart(quiet, forecast, decks))))


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    """The picture's library loads with the first picture: start-up and an idle bot do not pay for it."""
    loads = "import sys, studybot.cli, studybot.bootstrap, studybot.adapters.telegram, studybot.adapters.discord"
    check = f"{loads}; print('matplotlib' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120, check=True)
    assert ran.stdout.strip() == "False"
