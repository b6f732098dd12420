"""Putting the daily push off on Telegram, as a learner would: "Later (1 h)" and "Not today" under the
"N cards due" line, and the opt-in evening reminder (`/settings reminder on`). Real python-telegram-bot
against the fake Bot API; the clock is injected."""

# ruff: noqa: F811 - the fixtures imported from test_through_telegram are used as test parameters
from __future__ import annotations

import asyncio
from random import Random

from studybot.adapters.telegram import open_delivery
from studybot.engine.engine import QuizEngine
from studybot.push.planner import Planner
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import telegram_settings
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person, Sent
from tests.push.conftest import NoSleep, Say, push_log
from tests.push.test_through_telegram import PUSH, fake, learner, planner, planner_for, room, texts_in  # noqa: F401

LATER = "⏰ Later (1 h)"
NOT_TODAY = "🌙 Not today"
REMINDER = "Still 5 cards due (5 new) today."


def pushes_in(room: Chatroom, chat: int) -> list[Sent]:
    return [message for message in room.messages_in(chat) if message.text == PUSH]


async def test_later_sends_the_push_once_more_an_hour_later_however_often_it_is_pressed(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3001")
    alice = Person(room, 3001, "Alice")
    assert await planner.tick() == {"sent": 1}
    (notice,) = pushes_in(room, 3001)
    assert notice.buttons == [LATER, NOT_TODAY]
    later = notice.callback(LATER)

    assert await alice.presses(LATER, on=notice) == "OK, I'll ask again at 10:00."
    assert pushes_in(room, 3001)[0].buttons == []  # the pressed push's buttons are gone
    assert "Already put off" in str(await alice.sends_callback(notice, later))  # an old copy pressed again

    clock.advance(minutes=59)
    assert await planner.tick() == {}
    clock.advance(minutes=1)
    assert await planner.tick() == {"later sent": 1}
    again = pushes_in(room, 3001)[-1]
    assert again.buttons == [LATER, NOT_TODAY]  # the Later push can be put off in turn
    assert "Roughly how fast does light travel in vacuum?" in texts_in(room, 3001)[-1]
    assert "over" in str(await alice.sends_callback(notice, later))  # the first push's Later is spent
    clock.advance(hours=2)
    assert await planner.tick() == {}
    assert len(pushes_in(room, 3001)) == 2
    assert push_log(planner.engine.db) == [("3001", "2026-03-02", "sent")]


async def test_two_processes_racing_for_the_later_push_send_it_once(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, db_url: str, clock: FakeClock, sleeps: NoSleep
) -> None:
    chats = [3100 + n for n in range(6)]
    for chat in chats:
        await learner(say, str(chat))
    assert await planner.tick() == {"sent": len(chats)}
    for chat in chats:
        await Person(room, chat, "Learner").presses(LATER, on=pushes_in(room, chat)[0])
    clock.advance(hours=1)
    other_db = Database(db_url)
    try:
        async with open_delivery(telegram_settings(fake)) as delivery:
            other = planner_for(QuizEngine(other_db, clock=clock, rng=Random(7)), delivery, clock, sleeps)
            first, second = await asyncio.gather(planner.tick(), other.tick())
    finally:
        await other_db.close()

    assert first["later sent"] + second["later sent"] == len(chats)
    assert all(len(pushes_in(room, chat)) == 2 for chat in chats)


async def test_not_today_cancels_a_pending_later_and_the_evening_reminder(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3002", "/settings reminder on")
    bea = Person(room, 3002, "Bea")
    assert await planner.tick() == {"sent": 1}
    (notice,) = pushes_in(room, 3002)
    not_today = notice.callback(NOT_TODAY)
    await bea.presses(LATER, on=notice)

    assert "no more quiz today" in str(await bea.sends_callback(notice, not_today))
    assert "already over" in str(await bea.sends_callback(notice, not_today))

    for hours in (1, 10, 4):  # the Later push, the reminder at 19:00, and midnight
        clock.advance(hours=hours)
        assert await planner.tick() == {}
    assert len(pushes_in(room, 3002)) == 1
    assert not any(REMINDER in text for text in texts_in(room, 3002))


async def test_an_unanswered_push_gets_one_reminder_in_the_evening_when_asked_for(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3003", "/settings reminder on")
    assert await planner.tick() == {"sent": 1}

    clock.advance(hours=9, minutes=59)
    assert await planner.tick() == {}
    clock.advance(minutes=1)  # 19:00 in the learner's zone (UTC)
    assert await planner.tick() == {"reminder sent": 1}
    clock.advance(hours=1)
    assert await planner.tick() == {}
    assert [text for text in texts_in(room, 3003) if REMINDER in text] == [
        f"{REMINDER} Send /quiz when you have a minute, or leave it for tomorrow."
    ]


async def test_no_reminder_after_an_answered_push_nor_without_asking_for_one(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3004", "/settings reminder on")
    await learner(say, "3005")  # reminders are off by default
    assert await planner.tick() == {"sent": 2}
    answering = Person(room, 3004, "Cid")
    question = room.messages_in(3004)[1]
    await answering.presses(next(label for label in question.buttons if "300,000 km/s" in label), on=question)

    clock.advance(hours=10)
    assert await planner.tick() == {}
    for chat in (3004, 3005):
        assert not any(REMINDER in text for text in texts_in(room, chat))


async def test_a_forged_or_stale_put_off_button_does_nothing_and_says_so(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3006")
    dan = Person(room, 3006, "Dan")
    assert await planner.tick() == {"sent": 1}
    (notice,) = pushes_in(room, 3006)

    assert "over" in str(await dan.sends_callback(notice, "l:20260302r5:3006:"))  # a round never sent
    assert "over" in str(await dan.sends_callback(notice, "l:20260301r0:3006:"))  # yesterday's
    assert "not one of mine" in str(await dan.sends_callback(notice, "l:2026-03-02:3006:"))
    assert "someone else's" in str(await dan.sends_callback(notice, "l:20260302r0:9999:"))
    clock.advance(hours=1)
    assert await planner.tick() == {}
    assert len(pushes_in(room, 3006)) == 1


async def test_a_push_that_comes_in_the_evening_gets_no_reminder(
    room: Chatroom, planner: Planner, say: Say, clock: FakeClock
) -> None:
    await learner(say, "3007", "/settings reminder on", "/settings time 18:00")
    clock.advance(hours=9)  # 18:00
    assert await planner.tick() == {"sent": 1}
    clock.advance(hours=1, minutes=30)
    assert await planner.tick() == {}
    assert not any(REMINDER in text for text in texts_in(room, 3007))
