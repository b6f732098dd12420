"""The push ticker of a running bot while its database cannot be written: it says so once, and pushes once
the database is back, without a restart."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

import pytest

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.planner import Planner
from studybot.push.ticker import PushTicker
from studybot.storage.db import Database
from tests.conftest import FakeClock, load_test_decks
from tests.push.recording import RecordingDelivery
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process


async def _said(caplog: pytest.LogCaptureFixture, words: str, serving: asyncio.Task[None]) -> None:
    """Until the log says `words`; fails at once if the ticker stopped instead."""
    while words not in caplog.text:
        assert not serving.done(), f"the push ticker stopped: {serving.exception()!r}"
        await asyncio.sleep(0.01)


async def test_a_bot_started_while_another_process_holds_the_write_lock_pushes_once_it_is_free(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", busy_timeout=0.3)
    await db.upgrade()
    load_test_decks(db, clock.now)
    engine = QuizEngine(db, clock=clock, rng=Random(7))
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
