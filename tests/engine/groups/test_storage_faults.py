"""Group play when the database cannot save: a member is told why, as in a private chat."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from random import Random

from studybot.engine.engine import FULL, QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner
from studybot.storage.db import Database
from tests.conftest import FakeClock, load_test_decks
from tests.storage.test_sqlite_faults import DiskLimit

GROUP = Place("telegram", "-100")


async def test_members_answering_a_challenge_on_a_full_disk_are_told_the_disk_is_full(tmp_path: Path) -> None:
    clock = FakeClock()
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    await db.upgrade()
    with closing(sqlite3.connect(tmp_path / "bot.db")) as conn:
        conn.execute("VACUUM")  # no free pages left by the migrations for a write to reuse
    load_test_decks(db, clock.now)
    disk = DiskLimit(db)
    groups = GroupEngine(QuizEngine(db, clock=clock, rng=Random(7)), challenge_seconds=20)
    try:
        question = (await groups.challenge(GROUP, Learner("telegram", "1", "Alice"), "3")).ask
        assert question is not None

        disk.fill()
        said: list[str] = []
        for member in range(2, 200):  # until a new member's answer needs a page the disk has no room for
            update = await groups.answer(GROUP, Learner("telegram", str(member), f"M{member}"), question.nonce, "a")
            said.append(update.say.text if update.say else "")
            if not said[-1].startswith(("✓", "✗")):
                break

        assert said[-1] == FULL.text  # not "I can't reach my database": it is reachable, and it says why
    finally:
        await db.close()
