"""Pushes when the database goes away just as a tick claims or begins them (a "Later" push, the evening
reminder, the daily push): each is sent once, when the database is back, on SQLite (locked by another
process) and PostgreSQL (the server ends the connections)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from random import Random

import pytest

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice
from studybot.push.planner import Planner
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageBusy, StorageUnavailable
from tests.conftest import FakeClock, load_test_decks
from tests.push.drops import Drop, Marks
from tests.push.recording import RecordingDelivery

ANA = Learner("telegram", "ana", "ana")
NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GRACE = timedelta(hours=2)


@pytest.fixture
async def quick_db(db_url: str) -> AsyncIterator[Database]:
    """The test database, waiting only 0.1 s for another process's SQLite lock."""
    database = Database(db_url, busy_timeout=0.1)
    await database.upgrade()
    yield database
    await database.close()


@pytest.fixture
async def pushed(quick_db: Database, clock: FakeClock) -> tuple[Planner, RecordingDelivery]:
    """Ana (evening reminder on) got her 09:00 push."""
    load_test_decks(quick_db, clock.now)
    engine = QuizEngine(quick_db, clock=clock, rng=Random(7))
    for line in ("/start", "/subscribe physics", "/settings reminder on"):
        await dispatch(engine, ANA, line)
    delivery = RecordingDelivery("telegram")
    planner = Planner(engine, {"telegram": delivery}, clock=clock, grace=GRACE)
    clock.now = NINE
    assert await planner.tick() == {"sent": 1}
    return planner, delivery


async def _ticks_through_a_drop(planner: Planner, clock: FakeClock, after: Marks) -> None:
    """A tick during which the database goes away after the statement `after` picks; ticks a minute apart
    once it is back."""
    with Drop(planner.engine.db, after) as drop:
        with contextlib.suppress(StorageBusy, StorageUnavailable):  # the ticker says once that it is down
            await planner.tick()
        drop.back()
        for _ in range(2):
            clock.advance(minutes=1)
            await planner.tick()


def _claims_a_later_push(sql: str) -> bool:
    return sql.startswith("UPDATE push_log SET") and "rounds + " in sql


async def test_a_later_push_claimed_as_the_database_goes_away_is_sent_once_it_is_back(
    pushed: tuple[Planner, RecordingDelivery], clock: FakeClock
) -> None:
    planner, delivery = pushed
    [(_, push)] = delivery.sent
    assert isinstance(push, Notice)
    assert push.put_off is not None
    clock.now = NINE + timedelta(minutes=5)
    assert (await planner.engine.put_off(ANA, push.put_off, later=True)).text == "OK, I'll ask again at 10:05."
    clock.now = NINE + timedelta(hours=1, minutes=5)

    await _ticks_through_a_drop(planner, clock, _claims_a_later_push)

    assert delivery.sent_to() == ["ana", "ana"]  # the push, and the Later push once


async def test_an_evening_reminder_claimed_as_the_database_goes_away_is_sent_once_it_is_back(
    pushed: tuple[Planner, RecordingDelivery], clock: FakeClock
) -> None:
    planner, delivery = pushed
    clock.now = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)

    await _ticks_through_a_drop(planner, clock, lambda sql: sql.startswith("UPDATE push_log SET remind_at"))

    assert delivery.sent_to() == ["ana", "ana"]
    assert "Still" in str(delivery.sent[-1][1])


async def test_a_push_begun_as_the_database_goes_away_is_sent_once_though_its_process_stops_before_it_is_back(
    db_url: str, quick_db: Database, clock: FakeClock
) -> None:
    """Its process is stopped while the database is away, so whatever it kept in memory is gone: the push
    is sent once all the same, by this process or by the one started next."""
    load_test_decks(quick_db, clock.now)
    for line in ("/start", "/subscribe physics"):
        await dispatch(QuizEngine(quick_db, clock=clock, rng=Random(7)), ANA, line)
    clock.now = NINE
    delivery = RecordingDelivery("telegram")
    first = Planner(QuizEngine(quick_db, clock=clock, rng=Random(7)), {"telegram": delivery}, clock=clock, grace=GRACE)
    starts = Drop(quick_db, lambda sql: sql.startswith("INSERT INTO push_log"))  # away once a push begins
    with starts, contextlib.suppress(StorageBusy, StorageUnavailable):
        await first.tick()
    # the first process has stopped; the database is back; the next process starts
    second_db = Database(db_url, busy_timeout=0.1)
    try:
        second = Planner(
            QuizEngine(second_db, clock=clock, rng=Random(7)), {"telegram": delivery}, clock=clock, grace=GRACE
        )
        for minutes in (1, 10, 1):  # the lease of a push queued by a process that stopped is ten minutes
            clock.advance(minutes=minutes)
            await second.tick()
    finally:
        await second_db.close()

    assert delivery.sent_to() == ["ana"]
