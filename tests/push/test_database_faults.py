"""The push ticker of a running bot while its database cannot be written: it says so once, and pushes once
the database is back, without a restart."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest
from sqlalchemy import Update, event
from sqlalchemy.orm import Session

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import GroupUpdate, Place
from studybot.engine.replies import Learner
from studybot.push.backlog import Backlog
from studybot.push.challenges import ChallengeTicker
from studybot.push.planner import Planner
from studybot.push.ticker import PushTicker
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageBusy
from studybot.storage.models import PushSchedule
from tests.conftest import FakeClock, load_test_decks
from tests.push.recording import RecordingDelivery
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process


async def quick_to_give_up(tmp_path: Path, clock: FakeClock, *, busy_timeout: float) -> tuple[Database, QuizEngine]:
    """An SQLite bot with the test decks that waits only `busy_timeout` seconds for another process's lock."""
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", busy_timeout=busy_timeout)
    await db.upgrade()
    load_test_decks(db, clock.now)
    return db, QuizEngine(db, clock=clock, rng=Random(7))


async def _said(caplog: pytest.LogCaptureFixture, words: str, serving: asyncio.Task[None]) -> None:
    """Until the log says `words`; fails at once if the ticker stopped instead."""
    while words not in caplog.text:
        assert not serving.done(), f"the push ticker stopped: {serving.exception()!r}"
        await asyncio.sleep(0.01)


async def test_a_bot_started_while_another_process_holds_the_write_lock_pushes_once_it_is_free(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    db, engine = await quick_to_give_up(tmp_path, clock, busy_timeout=0.3)
    ana = Learner("telegram", "ana", "ana")
    for line in ("/start", "/subscribe physics"):
        await dispatch(engine, ana, line)
    clock.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # ana's 09:00 push is due
    delivery = RecordingDelivery("telegram")
    ticker = PushTicker(Planner(engine, {"telegram": delivery}, clock=clock, grace=timedelta(hours=2)))
    stop = asyncio.Event()
    try:
        with write_lock_held_by_another_process(tmp_path / "bot.db"):  # a long `studybot import-deck`
            serving = asyncio.create_task(ticker.serve(stop))
            await asyncio.wait_for(_said(caplog, "the database (push ticks) is down", serving), timeout=60)

        await ticker._ring()  # the next minute
        await delivery.wait_for_sends("ana")
        stop.set()
        await asyncio.wait_for(serving, timeout=60)
    finally:
        stop.set()
        await db.close()

    assert caplog.text.count("the database (push ticks) is down") == 1
    assert "Traceback" not in caplog.text


class ShownInGroups:
    """A platform's group side that shows nothing but keeps what it was asked to show."""

    platform = "telegram"

    def __init__(self, groups: GroupEngine) -> None:
        self.shown: list[GroupUpdate] = []
        self.backlog = Backlog(groups.hold)

    async def show(self, update: GroupUpdate) -> None:
        await self.backlog.show(update, self.show_now)

    async def show_now(self, update: GroupUpdate) -> None:
        self.shown.append(update)

    def ready(self, chat_id: str) -> bool:
        return True


async def test_the_group_timer_says_once_that_the_database_is_locked_and_closes_the_question_once_it_is_free(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    db, engine = await quick_to_give_up(tmp_path, clock, busy_timeout=0.1)
    groups = GroupEngine(engine, challenge_seconds=20)
    view = ShownInGroups(groups)
    timer = ChallengeTicker(groups, view)
    try:
        started = await groups.challenge(Place("telegram", "-100"), Learner("telegram", "1", "Alice"), "2")
        assert started.ask is not None
        clock.advance(seconds=21)  # its time is up: the timer closes it

        with write_lock_held_by_another_process(tmp_path / "bot.db"):
            for _ in range(5):  # five seconds of the timer
                await timer.tick()
            assert view.shown == []
        await timer.tick()
    finally:
        await db.close()

    assert [len(update.closed) for update in view.shown] == [1]  # closed once, when the lock was free
    assert caplog.text.count("the database (telegram group timer) is down") == 1  # not a line a second
    assert "the database (telegram group timer) is back" in caplog.text
    assert "group timer: " not in caplog.text


async def test_a_database_locked_in_the_middle_of_a_push_tick_is_no_traceback_per_learner_and_nobody_is_pushed_twice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    db, engine = await quick_to_give_up(tmp_path, clock, busy_timeout=0.1)
    names = [f"learner{i}" for i in range(12)]
    for name in names:
        for line in ("/start", "/subscribe physics"):
            await dispatch(engine, Learner("telegram", name, name), line)
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    delivery = RecordingDelivery("telegram")
    planner = Planner(engine, {"telegram": delivery}, clock=clock, grace=timedelta(hours=2), concurrency=4)
    lock = contextlib.ExitStack()

    async def import_begins(external_id: str) -> None:  # as the first push goes out, another process writes
        if not delivery.calls.total() > 1:
            lock.enter_context(write_lock_held_by_another_process(tmp_path / "bot.db"))

    delivery.before_send = import_begins
    try:
        with lock, pytest.raises(StorageBusy):  # the ticker says once that the database is down
            await planner.tick()
        first = delivery.sent_to()
        clock.now += timedelta(minutes=11)  # the pushes claimed but not begun are taken over
        await planner.tick()
    finally:
        await db.close()

    assert 0 < len(first) < len(names)
    assert sorted(delivery.sent_to()) == sorted(names)  # everybody once: those sent before were not again
    assert [r.getMessage() for r in caplog.records if r.exc_info and r.name.startswith("studybot")] == []


async def test_a_push_whose_database_failed_before_its_send_is_pushed_when_the_database_is_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The database goes away before the push's question is built (a push begins and builds its question in
    one transaction, so here: after it was queued, as it begins): nothing reached Telegram, so the learner is
    due again and pushed at the next tick, once, instead of missing the day."""
    clock = FakeClock()
    db, engine = await quick_to_give_up(tmp_path, clock, busy_timeout=0.1)
    ana = Learner("telegram", "ana", "ana")
    for line in ("/start", "/subscribe physics"):
        await dispatch(engine, ana, line)
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    delivery = RecordingDelivery("telegram")
    planner = Planner(engine, {"telegram": delivery}, clock=clock, grace=timedelta(hours=2))
    lock, begun = contextlib.ExitStack(), []

    def note_start(conn: Any, statement: Any, *_: Any) -> None:
        if isinstance(statement, Update) and statement.table.name == PushSchedule.__tablename__:
            begun.append(True)  # the push is queued

    def lock_after_start(session: Session) -> None:  # once the push is queued, another process writes
        if begun and not lock._exit_callbacks:
            lock.enter_context(write_lock_held_by_another_process(tmp_path / "bot.db"))

    event.listen(db.engine, "after_execute", note_start)
    event.listen(Session, "after_commit", lock_after_start)
    try:
        with lock, pytest.raises(StorageBusy):  # the ticker says once that the database is down
            await planner.tick()
        assert delivery.sent_to() == []
        event.remove(Session, "after_commit", lock_after_start)
        clock.advance(minutes=1)
        assert await planner.tick() == {"sent": 1}
        clock.advance(minutes=1)
        assert await planner.tick() == {}
    finally:
        with contextlib.suppress(Exception):
            event.remove(Session, "after_commit", lock_after_start)
        await db.close()

    assert delivery.sent_to() == ["ana"]
