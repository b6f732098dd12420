"""`studybot run`'s ticker offers pushes only to the platforms that are up; a learner of a platform that is
down stays due (not claimed), and is pushed once when it comes back within the grace window."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from studybot.bootstrap import push_ticker
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.claims import Claim
from studybot.push.planner import Planner
from studybot.push.reschedule import scheduled_push
from studybot.service import ReadyDeliveries, run_services
from studybot.storage.repo import find_user
from tests.conftest import FakeClock
from tests.push.conftest import Say, join, push_log
from tests.push.recording import RecordingDelivery

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakePlatform:
    """A platform service that comes up when told to, and can fail or stop."""

    def __init__(self, platform: str, *, up: bool = True, fails: bool = False) -> None:
        self.name = platform
        self.delivery = RecordingDelivery(platform)
        self.ready = asyncio.Event()
        self.fails = fails
        if up:
            self.ready.set()

    async def serve(self, stop: asyncio.Event) -> None:
        if self.fails:
            self.ready.clear()
            raise ConnectionError(f"{self.name} unreachable")
        await stop.wait()
        self.ready.clear()


async def discord_learner(say: Say, name: str) -> Learner:
    learner = Learner("discord", name, name)
    await say(learner, "/subscribe physics")
    return learner


async def next_push_of(engine: QuizEngine, learner: Learner) -> datetime | None:
    def read(session: Session) -> datetime | None:
        profile = find_user(session, learner.platform, learner.external_id)
        assert profile is not None
        return scheduled_push(session, profile.id)

    return await engine.db.run(read, read_only=True)


def ticker_for(engine: QuizEngine, clock: FakeClock, *platforms: FakePlatform) -> Planner:
    ticker = push_ticker(engine, Settings(_env_file=None), list(platforms))
    ticker.planner.clock = clock
    return ticker.planner


async def test_a_platform_that_is_down_is_not_offered_its_learners_until_it_is_back(
    say: Say, engine: QuizEngine, clock: FakeClock
) -> None:
    await join(say, "ana")
    eve = await discord_learner(say, "77")
    telegram, discord = FakePlatform("telegram"), FakePlatform("discord", up=False)
    planner = ticker_for(engine, clock, telegram, discord)
    clock.now = NINE

    assert await planner.tick() == {"sent": 1}
    assert telegram.delivery.sent_to() == ["ana"]
    assert push_log(engine.db) == [("ana", "2026-03-02", "sent")]  # nothing claimed for eve
    assert await next_push_of(engine, eve) == NINE  # still due

    clock.advance(minutes=90)  # Discord connects within the grace window
    discord.ready.set()
    assert await planner.tick() == {"sent": 1}
    assert discord.delivery.sent_to() == ["77"]
    clock.advance(minutes=1)
    assert await planner.tick() == {}


async def test_a_platform_down_for_longer_than_the_grace_window_skips_to_the_next_day(
    say: Say, engine: QuizEngine, clock: FakeClock
) -> None:
    eve = await discord_learner(say, "77")
    discord = FakePlatform("discord", up=False)
    planner = ticker_for(engine, clock, discord)
    clock.now = NINE
    assert await planner.tick() == {}
    clock.advance(hours=3)
    discord.ready.set()
    assert await planner.tick() == {}
    assert discord.delivery.sent_to() == []
    assert await next_push_of(engine, eve) == NINE + timedelta(days=1)


async def test_a_claim_whose_platform_went_down_before_the_send_is_put_back(
    say: Say, engine: QuizEngine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await join(say, "ana")
    telegram = FakePlatform("telegram")
    planner = ticker_for(engine, clock, telegram)
    clock.now = NINE
    real_claim = planner._claim

    async def claim_then_fail(limit: int) -> list[Claim]:
        claimed = await real_claim(limit)
        telegram.ready.clear()  # the platform fails between the claim and the send
        return claimed

    monkeypatch.setattr(planner, "_claim", claim_then_fail)
    assert await planner.tick() == {"released": 1}
    assert "push to learner 1 put back: telegram is down" in caplog.text
    assert push_log(engine.db) == []
    assert await next_push_of(engine, Learner("telegram", "ana")) == NINE

    monkeypatch.undo()
    telegram.ready.set()
    clock.advance(minutes=1)
    assert await planner.tick() == {"sent": 1}
    assert push_log(engine.db) == [("ana", "2026-03-02", "sent")]


async def test_in_studybot_run_a_failed_platform_gets_no_pushes_and_the_other_does(
    say: Say, engine: QuizEngine, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await join(say, "ana")
    eve = await discord_learner(say, "77")
    clock.now = NINE
    telegram, discord = FakePlatform("telegram", up=False), FakePlatform("discord", fails=True)
    ticker = push_ticker(engine, Settings(_env_file=None), [telegram, discord])
    ticker.planner.clock = clock
    stop = asyncio.Event()
    running = asyncio.create_task(run_services([telegram, discord], [ticker], stop))
    await asyncio.sleep(0)
    telegram.ready.set()  # Telegram comes up after the first tick: it is pushed at once, not a minute later
    await telegram.delivery.wait_for_sends("ana")
    stop.set()
    assert await asyncio.wait_for(running, 30) == 0

    assert "discord is down: ConnectionError: discord unreachable" in caplog.text
    assert discord.delivery.calls == {}
    assert push_log(engine.db) == [("ana", "2026-03-02", "sent")]
    assert await next_push_of(engine, eve) == NINE


def test_the_live_view_lists_only_platforms_that_are_up() -> None:
    telegram, discord = FakePlatform("telegram"), FakePlatform("discord", up=False)
    view = ReadyDeliveries([telegram, discord])
    assert (list(view), len(view), view.get("discord")) == (["telegram"], 1, None)
    discord.ready.set()
    telegram.ready.clear()
    assert list(view) == ["discord"]
    assert view["discord"] is discord.delivery
