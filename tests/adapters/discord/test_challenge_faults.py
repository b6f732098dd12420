"""A channel where a question message was deleted, or where the bot lost a permission: only Missing Access
and Unknown Channel mean the bot is out; anything else costs one message, not the game or the settings."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.discord.conftest import RunningBot
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, as_text

MISSING_PERMISSIONS = 50013


async def test_a_deleted_question_message_leaves_the_challenge_and_the_daily_question_on(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="07:00", deck="physics")
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    first = fake.channel_posts[-1]
    assert "1 of 2" in as_text(first)
    del fake.messages[first["id"]]  # a moderator deleted it: its edit gets Unknown Message

    clock.advance(seconds=21)
    await bot.service.challenges.tick()
    assert "2 of 2" in as_text(fake.channel_posts[-1])
    assert "every day at 07:00" in (await ana.slash("daily")).text


async def test_missing_permissions_loses_one_post_and_keeps_the_daily_question(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="07:00", deck="physics")
    fake.fail("POST", "/channels/", 403, MISSING_PERMISSIONS)
    clock.advance(days=1)
    with caplog.at_level(logging.INFO):
        await bot.service.challenges.tick()
    assert fake.channel_posts == []
    assert not [r for r in caplog.records if "no longer has the bot" in r.getMessage()]
    assert "every day at 07:00" in (await ana.slash("daily")).text

    clock.advance(days=1)  # the permission is back
    await bot.service.challenges.tick()
    assert "Question of the day" in as_text(fake.channel_posts[-1])


async def test_a_challenge_the_bot_may_not_post_ends_and_says_why(fake: FakeDiscord, bot: RunningBot) -> None:
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="07:00", deck="physics")
    fake.fail("POST", "/channels/", 403, MISSING_PERMISSIONS)
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    told = [as_text(body) for exchange in fake.exchanges.values() for body in exchange.sent]
    assert any("I can't post in this channel" in text for text in told)
    assert "every day at 07:00" in (await ana.slash("daily")).text
    await ana.slash("challenge", deck="physics")  # nothing was left running
    await bot.service.client.drain()
    assert "1 of 2" in as_text(fake.channel_posts[-1])
