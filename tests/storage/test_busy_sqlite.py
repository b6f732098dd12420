"""Two processes on one SQLite file: reads never wait for the write lock, writes wait or say "busy",
and a long import in another process does not stop learners' answers or lose a review."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from random import Random

from sqlalchemy import func, select

from studybot.engine.engine import BUSY, QuizEngine
from studybot.engine.replies import Feedback, GradeButtons, Learner, Prompt
from studybot.storage.db import Database
from studybot.storage.models import Card, ReviewLog
from tests.conftest import Chat, FakeClock, load_test_decks

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO decks (id, title, description, sources, content_hash, updated_at) "
             "VALUES ('held', 'Held', '', '{}', '', '2026-01-01')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held_by_another_process(db_file: Path) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


async def test_reads_are_answered_and_writes_say_busy_while_another_process_writes(tmp_path: Path) -> None:
    clock = FakeClock()
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", busy_timeout=0.3)
    await db.upgrade()
    load_test_decks(db, clock.now)
    chat = Chat(QuizEngine(db, clock=clock, rng=Random(7)))
    await chat.send("/subscribe physics")
    assert "[Physics basics" in await chat.send("/quiz")
    try:
        with write_lock_held_by_another_process(tmp_path / "bot.db"):
            assert "Reviewed today: 0" in await chat.send("/stats")
            settings = await chat.send("/settings")
            assert settings.startswith("Daily quiz at 09:00 (UTC)")  # values first, the syntax last
            assert settings.endswith("(push only when that many cards wait)")
            assert await chat.send("1") == f"Error: {BUSY.text}"
            assert await chat.send("/settings new 5") == f"Error: {BUSY.text}"
        reply = await chat.send("1")  # the question stayed open: the busy answer changed nothing
        assert isinstance(chat.last, Feedback), reply
    finally:
        await db.close()


def _big_decks(folder: Path, files: int, cards: int) -> None:
    folder.mkdir()
    for f in range(files):
        lines = [f"deck: big{f}", f"title: Big {f}", "sources:", "  - {id: s, title: S, ref: Generated.}", "cards:"]
        lines += [f"  - {{id: c{i}, type: flashcard, front: F{i}, back: B{i}, source: s}}" for i in range(cards)]
        (folder / f"big{f}.yaml").write_text("\n".join(lines) + "\n")


def _start_import(folder: Path, db_file: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "studybot", "import-deck", str(folder), "--db", f"sqlite:///{db_file}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_answers_go_through_while_another_process_imports_many_cards(tmp_path: Path) -> None:
    """Default busy timeout; the import commits in short steps, so no answer fails and none is lost."""
    db_file, clock = tmp_path / "bot.db", FakeClock()
    db = Database(f"sqlite:///{db_file}")
    await db.upgrade()
    load_test_decks(db, clock.now, "chemistry")
    engine = QuizEngine(db, clock=clock, rng=Random(7))
    learners = [Learner("console", f"l{i}") for i in range(3)]
    for learner in learners:
        await engine.subscribe(learner, "chemistry")
    _big_decks(tmp_path / "big", files=3, cards=8000)
    importer = _start_import(tmp_path / "big", db_file)
    answered = 0
    try:
        while importer.poll() is None or answered == 0:
            for learner in learners:
                prompt = await engine.next(learner)
                if isinstance(prompt, Prompt):
                    reply = await engine.answer(learner, "1", prompt.nonce)
                    assert isinstance(reply, Feedback | GradeButtons), reply
                    answered += isinstance(reply, Feedback)
            clock.advance(days=1)
        out, err = importer.communicate(timeout=120)
        assert importer.returncode == 0, err
        assert out.splitlines()[-1] == "Imported 3 decks."
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(ReviewLog)) == answered
            assert session.scalar(select(func.count()).select_from(Card)) == 3 + 3 * 8000
    finally:
        importer.kill()
        await db.close()
