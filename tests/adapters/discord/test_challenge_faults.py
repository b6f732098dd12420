"""A channel where a question message was deleted, or where the bot lost a permission: only Missing Access
and Unknown Channel mean the bot is out; anything else costs one message, not the game or the settings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import pytest

from studybot.adapters.discord import handlers
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.test_challenges import right
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import WAIT, Person, Said, as_text

MISSING_PERMISSIONS = 50013
UNKNOWN_INTERACTION = 10062
INVALID_FORM_BODY = 50035


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


async def test_a_slow_database_is_acknowledged_first(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # as if every database call were slow
    ana, bo = Person(fake, "ana"), Person(fake, "bo")
    started = await ana.slash("challenge", deck="physics")
    assert started.exchange.callback_type == 5  # "thinking…" at once, then the answer
    assert started.ephemeral
    assert started.text == "Challenge on: the questions come in this channel."
    await bot.service.client.drain()
    question = fake.channel_posts[-1]
    clock.advance(seconds=1)
    pressed = await ana.press(question, right(question).custom_id)
    assert pressed.exchange.callback_type == 6
    assert (pressed.text, pressed.ephemeral) == ("✓ Right: +10 points", True)

    standings = await bo.slash("leaderboard")
    assert standings.text == "Posted in this channel."  # the deferred "thinking…" is Bo's alone
    await bot.service.client.drain()
    board = fake.channel_posts[-1]
    assert "1. Ana — 10 points" in as_text(board)
    assert not board["flags"]  # the leaderboard itself is public, as when it is quick


async def unacknowledged(fake: FakeDiscord, bot: RunningBot, action: Awaitable[Said]) -> None:
    """Run `action` whose acknowledgement the fake refuses (so it never gets an answer): until the bot tried
    to acknowledge it and finished what it does after."""
    fake.failed.clear()
    task = asyncio.ensure_future(action)
    try:
        await asyncio.wait_for(fake.failed.wait(), WAIT)
        await bot.service.client.drain()
    finally:
        task.cancel()


async def test_a_failed_acknowledgement_still_posts_the_questions(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    ana, bo = Person(fake, "ana"), Person(fake, "bo")
    fake.fail("POST", "/callback", 404, UNKNOWN_INTERACTION)  # acknowledged too late
    await unacknowledged(fake, bot, ana.slash("challenge", deck="physics"))
    first = fake.channel_posts[-1]
    assert "1 of 2" in as_text(first)

    clock.advance(seconds=21)
    await bot.service.challenges.tick()
    second = fake.channel_posts[-1]
    assert "2 of 2" in as_text(second)
    await ana.press(second, right(second).custom_id)
    fake.fail("POST", "/callback", 404, UNKNOWN_INTERACTION)
    await unacknowledged(fake, bot, bo.press(second, right(second).custom_id))  # the last joined member: it closes
    assert "final scores" in as_text(fake.channel_posts[-1])


async def test_hiding_from_the_leaderboard_is_said_to_the_member_alone(fake: FakeDiscord, bot: RunningBot) -> None:
    ana = Person(fake, "ana")
    hidden = await ana.slash("leaderboard", period="hide")
    assert "You are hidden from this chat's leaderboard." in hidden.text
    assert hidden.ephemeral
    back = await ana.slash("leaderboard", period="show")
    assert back.text == "You are shown on this chat's leaderboard again."
    assert back.ephemeral
    assert fake.channel_posts == []


async def test_a_question_the_channel_refused_is_not_counted_on_the_scoreboard(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    """(Refused for now, by 429s, it waits instead: test_rate_limited_posts.py.)"""
    ana = Person(fake, "ana")
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    first = fake.channel_posts[-1]
    await ana.press(first, right(first).custom_id)

    fake.fail("POST", "/channels/", 400, INVALID_FORM_BODY)  # the second question
    clock.advance(seconds=21)
    await bot.service.challenges.tick()
    assert "final scores" not in as_text(fake.channel_posts[-1])  # the second question was never posted
    clock.advance(seconds=21)
    await bot.service.challenges.tick()

    board = as_text(fake.channel_posts[-1])
    assert "final scores" in board
    assert "(after 1 question)" in board  # the one the channel saw


async def test_a_challenge_whose_first_question_is_refused_can_be_started_again(
    fake: FakeDiscord, bot: RunningBot
) -> None:
    ana = Person(fake, "ana")
    fake.fail("POST", "/channels/", 400, INVALID_FORM_BODY)  # the first question
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    assert fake.channel_posts == []
    told = [as_text(body) for exchange in fake.exchanges.values() for body in exchange.sent]
    assert any("Try /challenge again" in text for text in told)

    again = await ana.slash("challenge", deck="physics")  # as told
    await bot.service.client.drain()
    assert "already running" not in again.text
    assert "1 of 2" in as_text(fake.channel_posts[-1])


async def test_a_press_replayed_too_late_to_be_acknowledged_is_answered_by_dm(
    fake: FakeDiscord, bot: RunningBot
) -> None:
    ana = Person(fake, "ana")
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    question = fake.channel_posts[-1]

    await fake.gateway.drop(4000)
    fake.gateway.gap = 5.0  # Discord replays the press 5 s after it was made: past its 3 s
    pressed = await ana.press(question, right(question).custom_id)

    assert pressed.exchange.callback_type is None
    assert pressed.text == "✓ Right: +10 points"  # to her alone, as a DM
    assert len(fake.dms) == 1
