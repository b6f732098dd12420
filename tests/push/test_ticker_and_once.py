"""The push ticker inside `studybot run`, and `studybot push --once [--dry-run]` from a separate process."""

from __future__ import annotations

import asyncio
import sys
import types
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from pydantic import SecretStr

from studybot.bootstrap import push_ticker
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.delivery import Delivery, DeliveryResult
from studybot.push.once import push_once
from studybot.push.planner import Planner
from studybot.push.ticker import PushTicker
from tests.conftest import FakeClock
from tests.push.conftest import Say, join, push_log
from tests.push.recording import RecordingDelivery
from tests.test_cli import studybot


async def test_the_ticker_pushes_what_was_missed_on_start_then_on_each_minute(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana")
    await join(say, "ben", "/settings time 10:00")
    clock.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # ana's 09:00 was missed while the bot was down
    ticker, stop = PushTicker(planner), asyncio.Event()
    serving = asyncio.create_task(ticker.serve(stop))
    await delivery.wait_for_sends("ana")
    clock.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    await ticker._ring()  # what the scheduler's minute job does
    await delivery.wait_for_sends("ana", "ben")
    stop.set()
    await asyncio.wait_for(serving, timeout=60)


async def test_the_ticker_survives_a_failing_tick(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await join(say, "ana")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    failed = asyncio.Event()
    real_tick = planner.tick

    async def flaky_tick(stop: asyncio.Event | None = None) -> object:
        if not failed.is_set():
            failed.set()
            raise ConnectionError("database unreachable")
        return await real_tick(stop)

    monkeypatch.setattr(planner, "tick", flaky_tick)
    ticker, stop = PushTicker(planner), asyncio.Event()
    serving = asyncio.create_task(ticker.serve(stop))
    await asyncio.wait_for(failed.wait(), timeout=60)
    await ticker._ring()
    await delivery.wait_for_sends("ana")
    stop.set()
    await asyncio.wait_for(serving, timeout=60)


def settings_with(**tokens: str) -> Settings:
    values = {name: SecretStr(token) for name, token in tokens.items()}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def test_dry_run_lists_who_would_be_pushed_and_why_not_the_others(
    say: Say, engine: QuizEngine, clock: FakeClock
) -> None:
    await join(say, "ana")
    await join(say, "ben", "/pause")
    await join(say, "cid", "/settings threshold 50")
    await join(say, "dan", "/settings tz Asia/Tokyo", "/settings time 07:00")
    await say(Learner("discord", "77", "eve"), "/start")
    await say(Learner("console", "me"), "/start")
    await engine.set_blocked(await join(say, "fay"))
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    out = StringIO()
    settings = settings_with(telegram_bot_token="123:abc")
    assert await push_once(engine, settings, clock=clock, dry_run=True, out=out) == 0
    assert out.getvalue().splitlines() == [
        "PUSH telegram:ana: 8 cards due (8 new)",
        "no   telegram:cid: below threshold: 8 card(s) waiting, threshold 50",
        "no   telegram:fay: blocked: the platform refused the last push; a message from them unblocks them",
        "no   discord:77: no token for discord: its learners wait (pushed if a token comes within the grace window)",
        "no   telegram:dan: not due: next push tomorrow 07:00 (Asia/Tokyo)",
        "no   telegram:ben: paused: /resume restarts the daily quiz",
        "(dry run) 1 of 6 learners would be pushed now; nothing was claimed.",
    ]
    assert push_log(engine.db) == []


async def test_push_once_delivers_through_the_adapters_open_delivery(
    say: Say, engine: QuizEngine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await join(say, "ana")
    await join(say, "ben")
    delivery = RecordingDelivery("telegram")
    delivery.script["ben"] = [DeliveryResult.BLOCKED]
    opened: list[tuple[Settings, QuizEngine]] = []

    @asynccontextmanager
    async def open_delivery(settings: Settings, engine: QuizEngine) -> AsyncIterator[Delivery]:
        opened.append((settings, engine))
        yield delivery

    adapter = types.ModuleType("studybot.adapters.telegram")
    adapter.open_delivery = open_delivery  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "studybot.adapters.telegram", adapter)
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    out = StringIO()
    settings = settings_with(telegram_bot_token="123:abc")
    assert await push_once(engine, settings, clock=clock, dry_run=False, out=out) == 0
    assert out.getvalue() == "Push tick done: 1 blocked, 1 sent.\n"
    assert opened == [(settings, engine)]  # with the engine: a reply to a pushed question answers it
    assert delivery.sent_to() == ["ana"]
    out = StringIO()
    assert await push_once(engine, settings, clock=clock, dry_run=False, out=out) == 0
    assert out.getvalue() == "Push tick done: nobody was due.\n"


def test_push_once_without_a_token_says_so(tmp_path: Path) -> None:
    result = studybot(["push", "--once", "--db", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"], tmp_path)
    assert result.returncode == 2
    assert "no token set (TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN)" in result.stderr
    dry = studybot(["push", "--once", "--dry-run", "--db", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"], tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == "(dry run) 0 of 0 learners would be pushed now; nothing was claimed.\n"
    assert studybot(["push"], tmp_path).returncode == 2  # --once is required: there is no push daemon


class FakePlatformService:
    def __init__(self, delivery: RecordingDelivery) -> None:
        self.name = delivery.platform
        self.delivery = delivery
        self.ready = asyncio.Event()
        self.ready.set()

    async def serve(self, stop: asyncio.Event) -> None:
        await stop.wait()


async def test_studybot_run_pushes_through_each_running_platforms_delivery(
    say: Say, engine: QuizEngine, clock: FakeClock
) -> None:
    await join(say, "ana")
    await say(Learner("discord", "77", "eve"), "/subscribe physics")
    telegram, discord = RecordingDelivery("telegram"), RecordingDelivery("discord")
    ticker = push_ticker(engine, settings_with(), [FakePlatformService(telegram), FakePlatformService(discord)])
    ticker.planner.clock = clock
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await ticker.planner.tick() == {"sent": 2}
    assert (telegram.sent_to(), discord.sent_to()) == (["ana"], ["77"])
