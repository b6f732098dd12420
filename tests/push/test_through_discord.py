"""Daily pushes end to end over real discord.py against the fake Discord: a DM with the question's embed and
buttons, answered by a click; 429 waited out, 5xx retried then given up, 50007 marking the learner blocked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from studybot.adapters.discord import DiscordService
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.fanout import RetryPolicy
from studybot.push.planner import Planner
from tests.adapters.discord.conftest import bot_settings
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, as_text, buttons_of
from tests.push.conftest import NoSleep, Say, push_log

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PUSH = "5 cards due (5 new) — here is the first one"
PUT_OFF_LABELS = ("⏰ Later (1 h)", "🌙 Not today")


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.close()
    assert server.rejected == []


@pytest.fixture
async def planner(engine: QuizEngine, fake: FakeDiscord, clock: FakeClock, sleeps: NoSleep) -> AsyncIterator[Planner]:
    """`studybot run discord`'s service, connected to the fake, delivering the planner's pushes."""
    service = DiscordService(engine, bot_settings(fake))
    stop = asyncio.Event()
    serving = asyncio.create_task(service.serve(stop))
    await fake.connected()
    clock.now = NINE
    retry = RetryPolicy((5.0, 30.0))
    yield Planner(
        engine, {"discord": service.delivery}, clock=clock, grace=timedelta(hours=2), retry=retry, sleep=sleeps
    )
    stop.set()
    await asyncio.wait_for(serving, 20)


async def subscribed(say: Say, person: Person) -> None:
    await say(Learner("discord", str(person.id), person.user.name), "/subscribe physics")


async def test_the_push_is_a_dm_with_the_question_whose_buttons_answer_it(
    planner: Planner, fake: FakeDiscord, say: Say
) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    await subscribed(say, cleo)

    assert await planner.tick() == {"sent": 1}

    (dm,) = fake.dms
    assert as_text(dm).startswith(PUSH)
    assert dm["embeds"]
    assert "Roughly how fast does light travel in vacuum?" in as_text(dm)
    right = next(button for button in buttons_of(dm) if "300,000 km/s" in button.label)
    feedback = await cleo.press(dm, right.custom_id)
    assert "✓ Correct." in feedback.text
    answers = [button for button in buttons_of(fake.messages[dm["id"]]) if button.label not in PUT_OFF_LABELS]
    assert answers
    assert all(button.disabled for button in answers)  # "Later" and "Not today" may still put the day off


async def test_a_429_is_waited_out_by_discord_py_and_the_dm_arrives_once(
    planner: Planner, fake: FakeDiscord, say: Say, sleeps: NoSleep
) -> None:
    await subscribed(say, Person(fake, "dora"))
    fake.fail("POST", "/channels/", 429)

    assert await planner.tick() == {"sent": 1}

    assert len(fake.dms) == 1
    assert sleeps.waits == []


async def test_server_errors_are_retried_then_given_up_for_the_day(
    planner: Planner, fake: FakeDiscord, say: Say, sleeps: NoSleep, caplog: pytest.LogCaptureFixture
) -> None:
    await subscribed(say, Person(fake, "edna"))
    fake.fail("POST", "/channels/", 503)
    assert await planner.tick() == {"sent": 1}  # retried once, delivered once
    assert (sleeps.waits, len(fake.dms)) == ([5.0], 1)

    await subscribed(say, Person(fake, "finn"))
    planner.clock.advance(minutes=1)  # type: ignore[attr-defined]
    fake.fail("POST", "/channels/", 503, times=3)
    assert await planner.tick() == {"failed": 1}
    assert "push to learner 2 gave up for 2026-03-02 after 3 attempts" in caplog.text
    assert len(fake.dms) == 1


async def test_a_learner_who_cannot_be_messaged_is_skipped_until_they_use_the_bot_again(
    planner: Planner, fake: FakeDiscord, say: Say, clock: FakeClock
) -> None:
    gus = Person(fake, "gus")
    await subscribed(say, gus)
    fake.fail("POST", "/channels/", 403, 50007)

    assert await planner.tick() == {"blocked": 1}

    clock.advance(days=1)
    assert await planner.tick() == {}
    assert "Roughly how fast" in (await gus.slash("quiz")).text  # they come back
    clock.advance(days=1)
    assert await planner.tick() == {"sent": 1}
    assert push_log(planner.engine.db) == [(str(gus.id), "2026-03-02", "blocked"), (str(gus.id), "2026-03-04", "sent")]
