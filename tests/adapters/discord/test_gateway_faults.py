"""The gateway connection dropped under a running bot: it resumes (or identifies afresh when Discord
refuses the session), and an interaction sent during the gap is answered after it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import pytest

from studybot.adapters.discord.delivery import CANNOT_MESSAGE_USER
from tests.adapters.discord.conftest import RunningBot, StartBot
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import WAIT, Person, Said

RESUME, IDENTIFY = 6, 2


async def unanswered(bot: RunningBot, action: Awaitable[Said]) -> None:
    """Run `action`, which gets no answer the fake can see, until the bot's DM for it was refused and the
    bot finished with it."""
    bot.fake.failed.clear()
    task = asyncio.ensure_future(action)
    try:
        await asyncio.wait_for(bot.fake.failed.wait(), WAIT)
        await bot.service.client.drain()
    finally:
        task.cancel()


async def test_a_connection_closed_with_4000_resumes_and_the_gap_is_answered(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    await start_bot()
    ana = Person(fake, "ana")
    await ana.slash("subscribe", deck="physics")

    await fake.gateway.drop(4000)
    answer = await ana.slash("quiz")  # sent at once: kept by the fake while no connection is open, replayed on RESUME

    assert answer.buttons
    assert fake.gateway.opcodes[-1] == RESUME


async def test_a_refused_resume_identifies_afresh_and_the_bot_answers(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(discord_gateway_url=fake.gateway_url)
    ana = Person(fake, "ana")
    fake.gateway.refuse_resume = True
    identified = len([op for op in fake.gateway.opcodes if op == IDENTIFY])

    await fake.gateway.drop(4000)
    await asyncio.wait_for(fake.gateway.identifies(identified + 1), 30)

    assert fake.gateway.opcodes[-2:] == [RESUME, IDENTIFY]
    assert "Subscribed to" in (await ana.slash("subscribe", deck="physics")).text


async def test_an_answer_replayed_too_late_to_be_acknowledged_is_answered_by_dm(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    await start_bot()
    ana = Person(fake, "ana")  # in the server's channel: her quiz is ephemeral
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")

    await fake.gateway.drop(4000)
    fake.gateway.gap = 5.0  # Discord replays the gap's events 5 s after they were sent: past its 3 s
    feedback = await ana.click(question, "300,000 km/s")

    assert feedback.exchange.callback_type is None  # Discord refused the click's response (10062)
    assert "✓ Correct." in feedback.text  # the verdict came as a DM instead, once
    assert [m["id"] for m in fake.dms] == feedback.exchange.message_ids
    assert "no longer open" in (await ana.click(question, "300,000 km/s")).text  # graded once


async def test_a_command_replayed_too_late_is_answered_by_dm_in_a_dm_too(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    await start_bot()
    ana = Person(fake, "ana", in_dms=True)
    await ana.slash("subscribe", deck="physics")

    await fake.gateway.drop(4000)
    fake.gateway.gap = 5.0
    question = await ana.slash("quiz")

    assert "Roughly how fast" in question.text
    assert len(fake.dms) == 1
    assert "✓ Correct." in (await ana.click(question, "300,000 km/s")).text  # its buttons work


async def test_a_late_answer_of_a_learner_who_takes_no_dms_is_logged_not_an_error(
    fake: FakeDiscord, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    ana = Person(fake, "ana")
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")
    fake.fail("POST", "/channels/", 403, CANNOT_MESSAGE_USER)  # her DMs are closed

    await fake.gateway.drop(4000)
    fake.gateway.gap = 5.0
    with caplog.at_level(logging.INFO):
        await unanswered(bot, ana.click(question, "300,000 km/s"))

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # nothing an operator must look into
    assert any("cannot be messaged" in r.getMessage() for r in caplog.records)
    assert "no longer open" in (await ana.click(question, "300,000 km/s")).text  # graded, once


class Counted(logging.Handler):
    """Sets `seen` when the bot counts a failed reconnect of the gateway."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen = asyncio.Event()
        self._loop = asyncio.get_running_loop()

    def emit(self, record: logging.LogRecord) -> None:
        if "the Discord gateway: request failed" in record.getMessage():
            self._loop.call_soon_threadsafe(self.seen.set)


async def test_an_outage_of_the_gateway_is_counted_not_logged_at_every_reconnect(
    fake: FakeDiscord, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(discord_gateway_url=fake.gateway_url)
    ana = Person(fake, "ana")
    caplog.set_level(logging.DEBUG)
    counted = Counted()
    identified = fake.gateway.opcodes.count(IDENTIFY)
    logging.getLogger("studybot.health").addHandler(counted)
    try:
        fake.gateway.down = True
        await fake.gateway.drop(4000)
        await asyncio.wait_for(counted.seen.wait(), WAIT)  # a reconnect failed, and was counted
    finally:
        logging.getLogger("studybot.health").removeHandler(counted)
    fake.gateway.down = False
    await asyncio.wait_for(fake.gateway.identifies(identified + 1), WAIT)  # back: a new session

    assert "Subscribed to" in (await ana.slash("subscribe", deck="physics")).text
    told = [r for r in caplog.records if r.name.startswith("discord") and (r.levelno >= logging.ERROR or r.exc_info)]
    assert not told, "a failed reconnect was logged as an error, with its traceback"
