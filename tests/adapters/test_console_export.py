"""`/export` in the terminal never overwrites a file that exists already: it says so and names a free one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from studybot.adapters.console import chat
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner


async def say(engine: QuizEngine, script: str) -> str:
    out = io.StringIO()
    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)
    return out.getvalue()


async def test_an_export_never_overwrites_a_file_and_names_a_free_one(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    for kept in ("physics.apkg", "physics-2.apkg", "revlog.csv", "out/physics.apkg"):
        (tmp_path / kept).write_text("my own file")

    text = await say(engine, "/quiz physics\n1\n/export physics\n/export revlog.csv\n/export physics out\n")

    assert "Error: physics.apkg exists already; nothing was written. Name another file, such as physics-3.apkg." in text
    assert "Error: revlog.csv exists already; nothing was written. Name another file, such as revlog-2.csv." in text
    assert (
        "Error: out/physics.apkg exists already; nothing was written. Name another file, such as out/physics-2.apkg."
        in text
    )
    assert "Wrote" not in text
    for kept in ("physics.apkg", "physics-2.apkg", "revlog.csv", "out/physics.apkg"):
        assert (tmp_path / kept).read_text() == "my own file"

    text = await say(engine, "/export physics physics-3.apkg\n")
    assert "Wrote physics-3.apkg." in text
