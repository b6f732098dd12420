"""Fan-out: platforms that refuse, fail, ask to retry, or are slow for one learner."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from studybot.engine.replies import Learner
from studybot.push.delivery import DeliveryResult
from studybot.push.fanout import fan_out
from studybot.push.planner import Planner
from studybot.storage.dberrors import StorageUnavailable
from studybot.storage.models import PushLog
from tests.conftest import FakeClock
from tests.push.conftest import NoSleep, Say, join, push_log
from tests.push.recording import RecordingDelivery

RETRY, FAILED = DeliveryResult.RETRY, DeliveryResult.FAILED


async def test_a_rate_limited_send_is_retried_after_a_backoff(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery, sleeps: NoSleep
) -> None:
    delivery.script["learner3"] = [RETRY, RETRY]  # e.g. a 429 beyond the adapter's own retries
    assert await planner.tick() == {"sent": 10}
    assert delivery.calls["learner3"] == 3
    assert sleeps.waits == [5.0, 30.0]
    assert sorted(delivery.sent_to()) == sorted(nine_o_clock)


async def test_a_send_that_keeps_failing_gives_up_for_the_day_with_a_log_line(
    nine_o_clock: list[str],
    planner: Planner,
    delivery: RecordingDelivery,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    delivery.script["learner3"] = [RETRY, RETRY, RETRY]
    delivery.script["learner4"] = [FAILED]
    with caplog.at_level(logging.WARNING):
        assert await planner.tick() == {"sent": 8, "failed": 2}
    assert "gave up for 2026-03-02 after 3 attempts" in caplog.text
    assert delivery.calls["learner4"] == 1
    assert ("learner3", "2026-03-02", "failed") in push_log(planner.engine.db)
    assert await planner.tick() == {}  # not again today
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 10}


async def test_a_slow_learner_does_not_delay_the_others(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery
) -> None:
    others_done = asyncio.Event()
    others: list[str] = []

    async def stall(external_id: str) -> None:
        if external_id == "learner0":
            await others_done.wait()  # only returns once the nine others reached the platform
            return
        others.append(external_id)
        if len(others) == 9:
            others_done.set()

    delivery.before_send = stall
    assert await asyncio.wait_for(planner.tick(), timeout=60) == {"sent": 10}
    assert delivery.sent_to()[-1] == "learner0"


async def test_no_more_learners_are_claimed_than_can_be_in_flight(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery
) -> None:
    claimed_counts: list[int] = []

    async def count_claimed(external_id: str) -> None:
        with planner.engine.db.transaction() as session:
            claimed = select(func.count()).where(PushLog.status == "claimed")
            claimed_counts.append(int(session.scalar(claimed) or 0))
        await asyncio.sleep(0.01)

    delivery.before_send = count_claimed
    assert await planner.tick() == {"sent": 10}
    assert max(claimed_counts) <= planner.concurrency
    assert delivery.most_in_flight >= 2  # and the fan-out did run them side by side


async def test_a_delivery_that_raises_costs_one_learner_only(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery
) -> None:
    async def explode(external_id: str) -> None:
        if external_id == "learner5":
            raise RuntimeError("adapter bug")

    delivery.before_send = explode
    assert await planner.tick() == {"sent": 9, "failed": 1}


async def test_only_platforms_with_a_delivery_are_claimed(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana")
    await say(Learner("discord", "7", "bo"), "/start")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert [name for name, _, _ in push_log(planner.engine.db)] == ["ana"]


async def test_a_shutdown_cuts_a_retry_backoff_short(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery, caplog: pytest.LogCaptureFixture
) -> None:
    stop = asyncio.Event()
    never = asyncio.Event()

    async def endless_backoff(seconds: float) -> None:
        stop.set()  # SIGTERM arrives while the learner waits for a retry
        await never.wait()

    planner.sleep = endless_backoff
    delivery.script["learner3"] = [RETRY]
    with caplog.at_level(logging.WARNING):
        report = await asyncio.wait_for(planner.tick(stop), timeout=60)
    assert report["failed"] == 1
    assert delivery.calls["learner3"] == 1
    assert "given up for 2026-03-02: shutting down" in caplog.text


async def test_a_claim_that_fails_lets_the_items_being_handled_finish_before_its_error_goes_on() -> None:
    """The second claim finds the database gone: the first batch's sends still finish inside the tick, so the
    next tick never overlaps them."""
    finished: list[int] = []
    claims = iter([[1, 2], StorageUnavailable("the database went away")])

    async def claim(_limit: int) -> list[int]:
        batch = next(claims)
        if isinstance(batch, Exception):
            raise batch
        return batch

    async def handle(item: int) -> None:
        for _ in range(3):  # a send takes a few turns of the loop
            await asyncio.sleep(0)
        finished.append(item)

    with pytest.raises(StorageUnavailable):
        await fan_out(claim, handle, concurrency=16)
    assert sorted(finished) == [1, 2]
