"""A PostgreSQL database that goes away mid-session: the learner is told to try again, nothing raises."""

from __future__ import annotations

from random import Random

import psycopg

from studybot.engine.engine import UNAVAILABLE, QuizEngine
from studybot.storage.db import Database
from tests.conftest import Chat, FakeClock, load_test_decks


async def test_a_database_that_goes_away_gets_a_try_again_reply(pg_server: str) -> None:
    admin = pg_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS going_away WITH (FORCE)")
        conn.execute("CREATE DATABASE going_away")
    db = Database(f"{pg_server}/going_away")
    try:
        await db.upgrade()
        clock = FakeClock()
        load_test_decks(db, clock.now)
        chat = Chat(QuizEngine(db, clock=clock, rng=Random(7)))
        assert "Physics basics" in await chat.send("/decks")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE going_away WITH (FORCE)")
        for line in ("/stats", "/quiz", "1", "/settings new 5"):
            assert await chat.send(line) == f"Error: {UNAVAILABLE.text}"
    finally:
        await db.close()
