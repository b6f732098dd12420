"""`/export` in the terminal: a deck named by a title with spaces, then where to write it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from studybot.engine.engine import QuizEngine
from tests.adapters.test_console_export import say


async def test_a_deck_title_with_spaces_then_where_to_write_it(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    script = (
        "/export Physics basics pb.apkg\n"
        "/export Physics basics out\n"
        '/export "Physics basics" "my physics.apkg"\n'
        "/export physics more physics.apkg\n"  # a path with spaces needs no quotes after a one-word deck
        "/export Physiks basics pb2.apkg\n"
    )

    text = await say(engine, script)

    assert "Wrote pb.apkg. Physics basics:" in text
    assert "Wrote out/physics.apkg. Physics basics:" in text
    assert "Wrote my physics.apkg. Physics basics:" in text
    assert "Wrote more physics.apkg. Physics basics:" in text
    assert "Error: There is no deck called “Physiks basics”." in text  # the longest reading, not “Physiks”
    for written in ("pb.apkg", "out/physics.apkg", "my physics.apkg", "more physics.apkg"):
        assert zipfile.is_zipfile(tmp_path / written)


async def test_a_title_whose_last_word_is_a_folder_here_is_still_the_deck(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "basics").mkdir()  # "/export Physics basics" could read as deck "Physics" into folder "basics"

    text = await say(engine, "/export Physics basics\n")

    assert "Wrote physics.apkg. Physics basics:" in text
    assert zipfile.is_zipfile(tmp_path / "physics.apkg")
