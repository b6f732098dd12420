"""PostgreSQL stopped and started again under a running bot: "try again" during the outage, back by itself
afterwards (no restart of studybot), no acknowledged answer lost, and the daily push caught up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from sqlalchemy import func, select

from studybot.engine.engine import UNAVAILABLE, QuizEngine
from studybot.engine.replies import Feedback, Learner
from studybot.push.fanout import RetryPolicy
from studybot.push.planner import Planner
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageUnavailable
from studybot.storage.models import ReviewLog
from tests.conftest import Chat, FakeClock, load_test_decks
from tests.pg import Cluster
from tests.push.conftest import NoSleep, push_log
from tests.push.recording import RecordingDelivery


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A server of this test's own, since it is stopped mid-test."""
    server = Cluster()
    server.start()
    yield server
    server.remove()


async def test_a_postgresql_restart_mid_conversation_loses_no_answer_and_the_push_catches_up(
    cluster: Cluster,
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, 55, tzinfo=UTC))
    db = Database(f"{cluster.url}/postgres")
    delivery = RecordingDelivery("telegram")
    try:
        await db.upgrade()
        load_test_decks(db, clock.now)
        engine = QuizEngine(db, clock=clock, rng=Random(7))
        planner = Planner(
            engine,
            {"telegram": delivery},
            clock=clock,
            grace=timedelta(hours=2),
            retry=RetryPolicy((5.0,)),
            sleep=NoSleep(),
        )
        chat = Chat(engine)
        chat.learner = Learner("telegram", "ana", "ana")
        await chat.send("/subscribe physics")
        await chat.send("/quiz")
        await chat.send("1")
        assert isinstance(chat.last, Feedback)  # acknowledged: saved
        await chat.send("/quiz")

        cluster.stop()
        clock.advance(minutes=10)  # 09:05: the push is due while the server is down
        for line in ("/stats", "1"):
            assert await chat.send(line) == f"Error: {UNAVAILABLE.text}"
        with pytest.raises(StorageUnavailable):  # the ticker says so and tries again the next minute
            await planner.tick()
        cluster.start()

        await chat.send("1")  # the same connection pool, back by itself; the question stayed open
        assert isinstance(chat.last, Feedback)
        clock.advance(minutes=30)
        assert await planner.tick() == {"sent": 1}
        assert push_log(db) == [("ana", "2026-03-02", "sent")]
        with db.transaction(read_only=True) as session:
            assert session.scalar(select(func.count()).select_from(ReviewLog)) == 2
    finally:
        await db.close()
