"""SQLite going away under a running chat: another process's write lock at start-up, and a full disk."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import event, func, select

from studybot.engine.engine import BUSY, FULL, QuizEngine
from studybot.storage.db import Database
from studybot.storage.models import ReviewLog
from tests.conftest import Chat, FakeClock, load_test_decks
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process

UNLIMITED_PAGES = 1_073_741_823  # SQLite's default max_page_count


def studybot_chat(db_file: Path, lines: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "studybot", "chat", "--user", "ana", "--db", f"sqlite:///{db_file}"]
    return subprocess.run(command, input=lines, capture_output=True, text=True, timeout=120, check=False)


def test_a_chat_started_while_another_process_holds_the_write_lock_says_busy_and_goes_on(tmp_path: Path) -> None:
    db_file = tmp_path / "bot.db"
    first = studybot_chat(db_file, "/subscribe physics\n")
    assert first.returncode == 0, first.stderr

    with write_lock_held_by_another_process(db_file):
        locked = studybot_chat(db_file, "/stats\n")  # its start writes (waits out the busy timeout); /stats reads

    assert locked.returncode == 0, locked.stderr
    assert BUSY.text in locked.stdout
    assert "Reviewed today: 0" in locked.stdout
    after = studybot_chat(db_file, "/quiz\n")
    assert "Answer with" in after.stdout  # a question: the chat works as before


class DiskLimit:
    """SQLite's max_page_count on every connection: past it a write fails as on a full disk (SQLITE_FULL)."""

    def __init__(self, db: Database) -> None:
        self.pages = UNLIMITED_PAGES
        event.listen(db.engine, "checkout", self._apply)

    def _apply(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={self.pages}")

    def fill(self) -> None:
        self.pages = 1  # SQLite keeps it at the current size: nothing may grow


async def test_a_full_disk_gets_a_clear_reply_and_loses_nothing_saved(tmp_path: Path) -> None:
    clock = FakeClock()
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    await db.upgrade()
    with closing(sqlite3.connect(tmp_path / "bot.db")) as conn:
        conn.execute("VACUUM")  # the migrations' table rebuilds left free pages a write would reuse
    load_test_decks(db, clock.now)
    disk = DiskLimit(db)
    chat = Chat(QuizEngine(db, clock=clock, rng=Random(7)))
    try:
        await chat.send("/subscribe physics")
        await chat.send("/quiz")
        await chat.send("1")
        saved = await _reviews(db)
        await chat.send("/quiz")

        disk.fill()
        replies: list[str] = []
        while f"Error: {FULL.text}" not in replies and len(replies) < 80:  # until an answer or question needs space
            replies += [await chat.send("1"), await chat.send("/quiz")]  # a missed card is studied ahead by /quiz

        assert f"Error: {FULL.text}" in replies
        assert await _reviews(db) >= saved == 1
        disk.pages = UNLIMITED_PAGES
        assert "Reviewed today:" in await chat.send("/stats")
        await chat.send("/quiz")
        assert "[Physics basics" in await chat.send("/quiz")
    finally:
        await db.close()


async def _reviews(db: Database) -> int:
    with db.transaction(read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(ReviewLog)) or 0)
