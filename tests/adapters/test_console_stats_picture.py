"""`/stats --png PATH` in the terminal refreshes its own picture, but never writes over another file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from studybot.adapters.console import chat
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner


async def test_the_stats_picture_replaces_a_picture_but_not_a_learners_file(
    engine: QuizEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thesis.docx").write_text("two years of work")
    out = io.StringIO()
    script = "/quiz physics\n1\n/stats --png thesis.docx\n/stats --png stats.png\n/stats --png stats.png\n"

    await chat(engine, Learner("console", "ana", "ana"), io.StringIO(script), out)

    text = out.getvalue()
    assert "Error: thesis.docx exists already and is not a picture; nothing was written. Name another file" in text
    assert (tmp_path / "thesis.docx").read_text() == "two years of work"
    assert text.count("Picture written to stats.png.") == 2  # the picture of yesterday, refreshed
    assert (tmp_path / "stats.png").read_bytes().startswith(b"\x89PNG")
