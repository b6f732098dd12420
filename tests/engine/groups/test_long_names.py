"""A challenge started by a member with a long name, from a deck with a long title."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner
from tests.conftest import FakeClock

TITLE = "Operating systems: processes, threads, scheduling, memory, file systems and the rest of it, in brief"
DECK = f"""deck: os
title: "{TITLE}"
sources:
  - id: s
    title: S
    ref: R
cards:
  - id: c
    type: truefalse
    statement: A process may have several threads.
    answer: true
    explanation: Threads share their process's memory.
    source: s
"""


async def test_the_longest_name_and_deck_title_still_start_a_challenge(
    engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    assert len(TITLE) == 100  # the longest a deck title may be
    (tmp_path / "os.yaml").write_text(DECK)
    result = load_decks([tmp_path / "os.yaml"])
    assert result.ok, result.errors
    with engine.db.transaction() as session:
        import_decks(session, result.decks, now=clock.now)
    name = "Maximilian " * 12 + "Alexander"  # 129 characters, clipped to the 128 a display name keeps

    started = await GroupEngine(engine).challenge(Place("telegram", "-100"), Learner("telegram", "1", name), "os 1")
    question = started.ask
    assert question is not None, started.say
    assert len(question.title) == 200
    assert question.title.startswith("Challenge by Maximilian Maximilian")
    assert question.title.endswith(f"… · {TITLE}")
