"""A bot stopped (SIGTERM) while a daily push is being sent, over real python-telegram-bot against the fake Bot
API: a push of which nothing reached Telegram is sent once by the bot started next, within the grace window;
one whose first message went out is not sent again."""

# ruff: noqa: F811 - the fixtures imported from test_through_telegram are used as test parameters
from __future__ import annotations

import asyncio
from datetime import timedelta

from studybot.adapters.telegram.app import TelegramService
from studybot.engine.engine import QuizEngine
from studybot.push.planner import Planner
from tests.adapters.telegram.conftest import running
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom
from tests.push.conftest import NoSleep, Say, push_log
from tests.push.test_through_telegram import NINE, PUSH, fake, learner, planner_for, texts_in  # noqa: F401

AN_HOUR = 3600


async def _refused(fake: FakeTelegram, sends: int) -> None:
    """Until Telegram has answered `sends` sendMessage calls, the last one with an error."""
    while True:
        calls = fake.calls_to("sendMessage")
        if len(calls) >= sends and calls[sends - 1].error:
            return
        await asyncio.sleep(0.01)


def pushes(engine: QuizEngine, room: Chatroom, clock: FakeClock, sleeps: NoSleep) -> Planner:
    """The push planner of the bot running in `room`, sending through its Telegram delivery."""
    assert isinstance(room.service, TelegramService)
    return planner_for(engine, room.service.delivery, clock, sleeps)


async def _stopped_during_a_429(room: Chatroom, planner: Planner, fake: FakeTelegram, *, sends: int) -> None:
    """A tick whose `sends`-th message Telegram answers with an hour's 429; SIGTERM while it is waited out."""
    ticking = asyncio.create_task(planner.tick(room.stop))
    await asyncio.wait_for(_refused(fake, sends), 30)
    room.stop.set()  # SIGTERM
    await asyncio.wait_for(ticking, 30)  # a guard against the hour, not a timing assertion


async def test_a_push_stopped_in_a_429_before_anything_went_out_is_sent_once_by_the_next_bot(
    engine: QuizEngine, fake: FakeTelegram, say: Say, clock: FakeClock, sleeps: NoSleep
) -> None:
    await learner(say, "1011")
    clock.now = NINE
    fake.fail_next("sendMessage", 429, retry_after=AN_HOUR)
    async with running(engine, fake) as first:
        await _stopped_during_a_429(first, pushes(engine, first, clock, sleeps), fake, sends=1)
    assert first.messages_in(1011) == []

    clock.advance(minutes=3)  # the bot is started again
    async with running(engine, fake) as second:
        planner = pushes(engine, second, clock, sleeps)
        assert await planner.tick() == {"sent": 1}
        clock.advance(minutes=1)
        assert await planner.tick() == {}

    assert texts_in(second, 1011).count(PUSH) == 1
    assert push_log(engine.db) == [("1011", "2026-03-02", "sent")]


async def test_a_push_stopped_in_a_429_after_its_first_message_went_out_is_not_sent_again(
    engine: QuizEngine, fake: FakeTelegram, say: Say, clock: FakeClock, sleeps: NoSleep
) -> None:
    await learner(say, "1012")
    clock.now = NINE
    fake.fail_next("sendMessage", 429, retry_after=AN_HOUR, after=1)  # the notice goes out, its question waits
    async with running(engine, fake) as first:
        await _stopped_during_a_429(first, pushes(engine, first, clock, sleeps), fake, sends=2)

    clock.advance(minutes=3)
    async with running(engine, fake) as second:
        planner = pushes(engine, second, clock, sleeps)
        assert await planner.tick() == {}

    assert texts_in(second, 1012).count(PUSH) == 1  # the notice once: never twice
    assert push_log(engine.db) == [("1012", "2026-03-02", "failed")]


async def test_a_push_stopped_before_anything_went_out_is_not_sent_by_a_bot_started_after_the_grace_window(
    engine: QuizEngine, fake: FakeTelegram, say: Say, clock: FakeClock, sleeps: NoSleep
) -> None:
    await learner(say, "1013")
    clock.now = NINE
    fake.fail_next("sendMessage", 429, retry_after=AN_HOUR)
    async with running(engine, fake) as first:
        await _stopped_during_a_429(first, pushes(engine, first, clock, sleeps), fake, sends=1)

    clock.advance(hours=2, minutes=1)  # started again past the grace window: tomorrow's push is next
    async with running(engine, fake) as second:
        planner = pushes(engine, second, clock, sleeps)
        assert await planner.tick() == {}
        clock.now = NINE + timedelta(days=1)
        assert await planner.tick() == {"sent": 1}

    assert texts_in(second, 1013).count(PUSH) == 1
    assert [day for _name, day, _status in push_log(engine.db)] == ["2026-03-03"]
