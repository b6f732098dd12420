"""Daily pushes end to end over real python-telegram-bot against the fake Bot API: what the learner sees,
answering the pushed question, and the platform's failures (429, 500, timeouts, a blocked bot)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from random import Random

import pytest

from studybot.adapters.telegram import open_delivery
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.delivery import Delivery
from studybot.push.fanout import RetryPolicy
from studybot.push.once import push_once
from studybot.push.planner import Planner
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import SHORT, running, telegram_settings
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person
from tests.push.conftest import NoSleep, Say, push_log

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SEND_READ_TIMEOUT_S = 5.0  # python-telegram-bot's default read timeout, which SendRequest keeps
PUSH = "5 cards due (5 new) — here is the first one"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def room(engine: QuizEngine, fake: FakeTelegram) -> AsyncIterator[Chatroom]:
    async with running(engine, fake) as chatroom:
        yield chatroom


def planner_for(engine: QuizEngine, delivery: Delivery, clock: FakeClock, sleeps: NoSleep) -> Planner:
    retry = RetryPolicy((5.0, 30.0))
    return Planner(engine, {"telegram": delivery}, clock=clock, grace=timedelta(hours=2), retry=retry, sleep=sleeps)


@pytest.fixture
def planner(engine: QuizEngine, room: Chatroom, clock: FakeClock, sleeps: NoSleep) -> Planner:
    clock.now = NINE
    return planner_for(engine, room.service.delivery, clock, sleeps)  # type: ignore[attr-defined]


async def learner(say: Say, chat: str, *lines: str) -> None:
    """A Telegram learner (chat id `chat`) studying physics, which starts with a multiple-choice card."""
    who = Learner("telegram", chat, chat)
    for line in ("/subscribe physics", *lines):
        await say(who, line)


def texts_in(room: Chatroom, chat_id: int) -> list[str]:
    return [
        message.text or "(poll) " + str((message.poll or {}).get("question")) for message in room.messages_in(chat_id)
    ]


async def test_the_push_arrives_with_its_question_and_a_button_answers_it(
    room: Chatroom, planner: Planner, say: Say
) -> None:
    await learner(say, "1001")
    alice = Person(room, 1001, "Alice")

    assert await planner.tick() == {"sent": 1}

    notice, question = room.messages_in(1001)
    assert notice.text == PUSH
    assert "Roughly how fast does light travel in vacuum?" in question.text
    right = next(label for label in question.buttons if "300,000 km/s" in label)  # native answer buttons
    await alice.presses(right, on=question)
    answered = room.messages_in(1001)[1]
    assert "✓ Correct." in answered.text  # the pushed question shows the verdict
    assert "300,000 km/s" not in " ".join(answered.buttons)  # its answer buttons are gone
    assert "Sound travels through a vacuum." in alice.bot_said()  # and the next question follows


async def test_with_polls_on_the_pushed_question_is_a_quiz_poll_that_answers_it(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram
) -> None:
    await learner(say, "1002", "/settings polls on")
    bea = Person(room, 1002, "Bea")

    assert await planner.tick() == {"sent": 1}

    notice, question = room.messages_in(1002)
    assert notice.text == PUSH
    assert question.poll is not None
    assert question.poll["type"] == "quiz"
    correct = question.poll["options"][question.poll["correct_option_ids"][0]]["text"]
    await bea.votes(correct, on=question)
    assert "✓ Correct." in bea.bot_said()


async def test_a_question_pushed_by_push_once_is_answered_by_a_reply_to_it(
    room: Chatroom, engine: QuizEngine, say: Say, fake: FakeTelegram, clock: FakeClock
) -> None:
    await learner(say, "1003")
    cid = Person(room, 1003, "Cid")
    clock.now = NINE

    assert await push_once(engine, telegram_settings(fake), clock=clock, dry_run=False, out=StringIO()) == 0

    question = room.messages_in(1003)[-1]
    assert "Roughly how fast does light travel in vacuum?" in question.text
    await cid.replies_to(question, "300,000 km/s")
    assert "✓ Correct." in cid.bot_said()  # matched to the pushed question, not refused as a stranger message


async def test_a_429_is_waited_out_by_the_bot_and_the_push_arrives_once(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, sleeps: NoSleep
) -> None:
    await learner(say, "1003")
    fake.fail_next("sendMessage", 429, retry_after=1)

    assert await planner.tick() == {"sent": 1}

    assert fake.calls_to("sendMessage")[0].error == "Too Many Requests: retry after 1"
    assert texts_in(room, 1003).count(PUSH) == 1
    assert sleeps.waits == []  # python-telegram-bot's rate limiter waited retry_after, not the planner


async def test_a_sigterm_while_a_429_is_waited_out_stops_the_bot_without_marking_the_push_sent(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram
) -> None:
    """Telegram asks for an hour's pause; the operator stops the bot meanwhile: it does not sit out that hour."""
    await learner(say, "1009")
    fake.fail_next("sendMessage", 429, retry_after=3600)
    release = fake.hold("sendMessage")
    ticking = asyncio.create_task(planner.tick(room.stop))
    await asyncio.wait_for(fake.held.wait(), 10)
    release.set()  # the 429 is on its way back
    room.stop.set()  # SIGTERM

    await asyncio.wait({ticking}, timeout=30)  # a guard against the hour, not a timing assertion

    assert ticking.done()
    assert ticking.result()["sent"] == 0
    assert room.messages_in(1009) == []
    assert [status for *_, status in push_log(planner.engine.db)] != ["sent"]


async def test_a_503_on_the_question_is_retried_without_sending_the_notice_twice(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, sleeps: NoSleep
) -> None:
    await learner(say, "1004")
    fake.fail_next("sendMessage", 503, after=1)  # the notice goes out, then Telegram's front refuses its question …
    for _ in range(SHORT.tries - 1):  # … each time it is sent again within the attempt
        fake.fail_next("sendMessage", 503)

    assert await planner.tick() == {"sent": 1}

    assert sleeps.waits == [5.0]
    notice, question = room.messages_in(1004)
    assert notice.text == PUSH
    assert question.buttons


async def test_a_question_telegram_posted_but_answered_500_is_not_pushed_again(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, sleeps: NoSleep
) -> None:
    await learner(say, "1010")
    fake.fail_next("sendMessage", 500, after=1, carried_out=True)  # the question is posted, then the server fails

    assert await planner.tick() == {"sent": 1}

    assert sleeps.waits == []
    assert texts_in(room, 1010).count(PUSH) == 1
    assert len(room.messages_in(1010)) == 2  # the notice and the question, once each


async def test_server_errors_and_timeouts_are_retried_then_given_up_for_the_day(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, sleeps: NoSleep, caplog: pytest.LogCaptureFixture
) -> None:
    await learner(say, "1005")
    for _ in range(SHORT.tries):  # a front's 503 is sent again at once; one that persists fails the attempt
        fake.fail_next("sendMessage", 503)
    fake.stall_next("sendMessage")  # python-telegram-bot gives up waiting (its read timeout); not sent again
    for _ in range(SHORT.tries):
        fake.fail_next("sendMessage", 502)

    assert await planner.tick() == {"failed": 1}

    assert sleeps.waits == [5.0, 30.0]
    assert "push to learner 1 gave up for 2026-03-02 after 3 attempts" in caplog.text
    assert room.messages_in(1005) == []
    assert push_log(planner.engine.db) == [("1005", "2026-03-02", "failed")]
    planner.clock.advance(minutes=1)  # type: ignore[attr-defined]
    assert await planner.tick() == {}  # not again that day


async def test_a_notice_telegram_took_but_answered_too_late_is_not_sent_twice(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram
) -> None:
    await learner(say, "1008")
    release = fake.hold("sendMessage")  # Telegram takes the notice but answers after the read timeout

    async def answer_late() -> None:
        await fake.held.wait()
        await asyncio.sleep(SEND_READ_TIMEOUT_S + 1)
        release.set()

    late = asyncio.create_task(answer_late())
    assert await planner.tick() == {"sent": 1}
    await late

    texts = [message.text for message in room.messages_in(1008)]  # (the late notice landed last)
    assert texts.count(PUSH) == 1  # the notice once, and the question too
    assert ["Roughly how fast does light travel in vacuum?" in text for text in texts].count(True) == 1
    assert len(texts) == 2


async def test_a_learner_who_blocked_the_bot_is_skipped_until_they_write_again(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, clock: FakeClock
) -> None:
    await learner(say, "1006")
    fake.blocked.add(1006)

    assert await planner.tick() == {"blocked": 1}

    clock.advance(days=1)
    assert await planner.tick() == {}
    fake.blocked.discard(1006)
    await Person(room, 1006, "Cid").says("/stats")  # they come back
    clock.advance(days=1)
    assert await planner.tick() == {"sent": 1}
    assert push_log(planner.engine.db) == [("1006", "2026-03-02", "blocked"), ("1006", "2026-03-04", "sent")]


async def test_two_ticks_racing_in_two_processes_push_each_learner_once(
    room: Chatroom, planner: Planner, say: Say, fake: FakeTelegram, db_url: str, clock: FakeClock, sleeps: NoSleep
) -> None:
    """`studybot run`'s ticker and a `studybot push --once` (its own database connection and bot) at once."""
    chats = [str(2000 + n) for n in range(12)]
    for chat in chats:
        await learner(say, chat)
    other_db = Database(db_url)
    try:
        async with open_delivery(telegram_settings(fake)) as delivery:
            other = planner_for(QuizEngine(other_db, clock=clock, rng=Random(7)), delivery, clock, sleeps)
            first, second = await asyncio.gather(planner.tick(), other.tick())
    finally:
        await other_db.close()

    assert first["sent"] + second["sent"] == len(chats)
    for chat in chats:
        assert texts_in(room, int(chat)).count(PUSH) == 1
    assert len(push_log(planner.engine.db)) == len(chats)
