"""The console adapter reading a script of lines, as `printf ... | studybot chat` does."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from studybot.adapters.console import chat
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner


async def test_a_blank_line_reveals_a_flashcard_and_a_number_grades_it(engine: QuizEngine) -> None:
    out = io.StringIO()
    await engine.subscribe(Learner("console", "ana"), "physics")
    script = "/quiz\n/skip\n/skip\n/skip\n/skip\n\n3\n"  # four skips reach the flashcard

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Recall the answer, then press Enter (or type it) to see the back." in text
    assert "Answer: It never decreases over time." in text
    assert "1 Again (1m) · 2 Hard (6m) · 3 Good (10m) · 4 Easy (" in text  # Easy: 8d, fuzzed
    assert "Graded Good." in text


async def test_blank_lines_with_no_question_open_say_how_to_get_one(engine: QuizEngine) -> None:
    out = io.StringIO()
    await chat(engine, Learner("console", "ben", "ben"), io.StringIO("\n"), out)
    assert out.getvalue().endswith("No question is open. Send /quiz to get one.\n\n")


async def test_import_path_reads_a_tsv_file_as_a_deck_of_ones_own(engine: QuizEngine, tmp_path: Path) -> None:
    (tmp_path / "unix.tsv").write_text("front\tback\nWhat does ls list?\tdirectory contents\n", encoding="utf-8")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out = io.StringIO()
    script = f"/import {tmp_path / 'unix.tsv'}\n/import {fifo}\n/quiz unix\n"

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Imported 1 card into “unix”. Send /quiz unix to study it." in text
    assert "pipe.csv: is a named pipe (FIFO), not a deck file" in text
    assert "What does ls list?" in text


async def test_a_file_dropped_into_the_terminal_is_read_with_the_quotes_it_added(
    engine: QuizEngine, tmp_path: Path
) -> None:
    """Terminals paste a dropped file's path quoted ('…' on Linux, "…" on Windows) or with spaces escaped (macOS)."""
    (tmp_path / "unix notes.tsv").write_text("front\tback\nWhat does ls list?\tdirectory contents\n", encoding="utf-8")
    (tmp_path / "more notes.tsv").write_text("front\tback\nWhat does pwd print?\tthe directory\n", encoding="utf-8")
    picture, log = tmp_path / "my stats.png", tmp_path / "my log.csv"
    escaped = str(tmp_path / "more notes.tsv").replace(" ", "\\ ")
    script = (
        f"/import '{tmp_path / 'unix notes.tsv'}' \n"
        f"/import {escaped}\n"
        "/quiz unix-notes\n\n3\n"
        f'/stats --png "{picture}"\n'
        f"/export '{log}'\n"
    )
    out = io.StringIO()

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Imported 1 card into “unix notes”." in text
    assert "Imported 1 card into “more notes”." in text
    assert f"Picture written to {picture}." in text
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert log.read_text().startswith("card_id,review_time,review_rating")


async def test_export_deck_without_a_path_writes_the_deck_not_the_review_log(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/export DECK` is how every platform exports a deck; the terminal used to take the deck's name as a path."""
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()

    script = "/quiz physics\n1\n/export physics\n/export revlog.csv\n"
    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    assert "Wrote physics.apkg. Physics basics:" in out.getvalue()
    assert zipfile.is_zipfile(tmp_path / "physics.apkg")
    assert not (tmp_path / "physics").exists()
    assert (tmp_path / "revlog.csv").read_text().startswith("card_id,review_time,review_rating")


async def test_export_reads_deck_and_path_one_way_and_refuses_a_path_it_cannot_use(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/export DECK PATH` with a PATH that is not an .apkg file used to write the review log to "DECK PATH"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    out = io.StringIO()
    script = (
        "/quiz physics\n1\n/export physics out/phys\n/export physics out\n/export mylog\n/export\n"
        "/export Physics basics\n/export out/p.apkg\n"
    )

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Error: a deck goes to a file ending in .apkg, or into a folder: /export physics out/phys.apkg" in text
    assert "Wrote out/physics.apkg." in text
    assert zipfile.is_zipfile(tmp_path / "out" / "physics.apkg")
    assert "Error: There is no deck called “mylog”. /decks lists them. (Your review log: /export FILE.csv)" in text
    assert "Error: say what to write: /export FILE.csv for your review log, /export DECK [FILE.apkg] for a deck" in text
    assert "Error: say which deck: /export DECK out/p.apkg" in text
    assert "Wrote physics.apkg." in text  # a deck named by its title, written as its own file here
    assert {name for name in os.listdir(tmp_path) if not name.startswith("test.db")} == {"out", "physics.apkg"}


async def test_a_deck_export_names_its_file_once_and_counts_its_cards(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    out = io.StringIO()
    script = "/add What does ls list? | directory contents\n/export my-cards out\n/export physics\n"

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Wrote out/my-cards.apkg. My cards: 1 card as an Anki package. Anki: File → Import." in text
    assert "Wrote physics.apkg. Physics basics: 5 cards as an Anki package. Anki: File → Import." in text


async def test_help_in_the_terminal_says_how_export_and_import_take_their_files(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO("/help\n"), out)

    text = out.getvalue()
    assert "/export FILE.csv — Your review log written to FILE.csv (terminal)" in text
    assert "/export DECK [FILE.apkg] — A deck as an Anki package: DECK.apkg here, or FILE.apkg or into a folder" in text
    assert "/import PATH — Bring your own deck from a .yaml, .csv, .tsv or Anki .apkg file (terminal)" in text
