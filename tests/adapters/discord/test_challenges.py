"""Group play in a server channel through the fake Discord: the challenge, its scoreboard and the leaderboard
are public messages, each press is acknowledged to the presser alone; a server that removed the bot."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from tests.adapters.discord.conftest import RunningBot
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Button, Person, as_text, buttons_of
from tests.fakes.discord_payloads import EMBED_LINKS

RIGHT = {"Roughly how fast does light travel in vacuum?": "300,000 km/s", "Sound travels through a vacuum.": "False"}


def shown(message: dict[str, Any]) -> str:
    """What a reader sees (bold markers dropped)."""
    return as_text(message).replace("**", "")


def right(message: dict[str, Any]) -> Button:
    label = next(answer for text, answer in RIGHT.items() if text in shown(message))
    return next(b for b in buttons_of(message) if b.label == label)


def wrong(message: dict[str, Any]) -> Button:
    return next(b for b in buttons_of(message) if b.label != right(message).label)


async def test_a_challenge_in_a_channel_is_public_and_each_press_is_private(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    ana, bo, cy = Person(fake, "ana"), Person(fake, "bo"), Person(fake, "cy")
    started = await ana.slash("challenge", deck="physics")
    assert started.ephemeral
    await bot.service.client.drain()
    question = fake.channel_posts[-1]
    assert not question["flags"]  # public
    assert "Challenge by Ana · Physics basics · 1 of 2" in shown(question)

    good, bad = right(question).custom_id, wrong(question).custom_id
    as_seen = copy.deepcopy(question)  # as a slow client still shows it after it closed
    clock.advance(seconds=4)
    pressed = await ana.press(question, good)
    assert pressed.ephemeral
    assert pressed.text == "✓ Right: +9 points"
    again = await ana.press(question, good)
    assert again.text == "You already answered this question."
    assert (await bo.press(question, bad)).text == "✗ Not quite: 0 points"

    clock.advance(seconds=17)
    await bot.service.challenges.tick()
    closed = fake.messages[question["id"]]
    assert "Right: Ana 4.0 s (+9)" in shown(closed)
    assert "Wrong: 1" in shown(closed)
    assert buttons_of(closed) == []
    late = await cy.press(as_seen, good)
    assert late.text == "This question is closed."

    second = fake.channel_posts[-1]
    assert "2 of 2" in shown(second)
    kept, second_seen = right(second).custom_id, copy.deepcopy(second)
    refused = await bo.slash("challenge", deck="stop")
    assert refused.ephemeral
    assert "Only the member who started" in refused.text
    await ana.slash("challenge", deck="stop")
    await bot.service.client.drain()
    board = shown(fake.channel_posts[-1])
    assert "final scores" in board
    assert "(stopped by Ana after 2 questions)" in board
    assert "1. Ana — 9 points · 1 right" in board
    assert "2. Bo — 0 points · 0 right" in board
    assert (await cy.press(second_seen, kept)).text == "This question is closed."

    standings = await cy.slash("leaderboard")
    assert not standings.ephemeral
    assert "1. Ana — 9 points · 1 right · 🔥 1 day" in standings.text


async def test_server_admins_set_the_daily_question_and_missing_access_turns_it_off(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    ana, bo = Person(fake, "ana", manages_server=True), Person(fake, "bo")
    refused = await bo.slash("daily", time="07:00")
    assert refused.ephemeral
    assert "Only the chat's admins" in refused.text
    done = await ana.slash("daily", time="07:00", deck="physics")
    assert "every day at 07:00 (UTC time), from physics" in done.text

    clock.advance(days=1)
    await bot.service.challenges.tick()
    assert "Question of the day · Physics basics" in shown(fake.channel_posts[-1])
    posted = len(fake.channel_posts)

    fake.fail("POST", "/channels/", 403, 50001)
    clock.advance(days=1)
    with caplog.at_level(logging.INFO):
        await bot.service.challenges.tick()
    assert [r.getMessage() for r in caplog.records if "no longer has the bot" in r.getMessage()] == [
        "discord chat 1200000000000000002 no longer has the bot; its question of the day is off"
    ]
    clock.advance(days=1)
    await bot.service.challenges.tick()
    assert len(fake.channel_posts) == posted


async def test_a_channel_the_bot_cannot_post_in_gets_no_half_started_challenge(
    fake: FakeDiscord, bot: RunningBot
) -> None:
    ana = Person(fake, "ana")
    fake.fail("POST", "/channels/", 403, 50001)
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    told = [as_text(body) for exchange in fake.exchanges.values() for body in exchange.sent]
    assert any("I can't post in this channel" in text for text in told)
    assert fake.channel_posts == []
    again = await ana.slash("challenge", deck="physics")  # nothing is left running
    assert again.ephemeral
    await bot.service.client.drain()
    assert "1 of 2" in shown(fake.channel_posts[-1])


async def test_a_channel_without_embed_links_is_told_so_instead_of_getting_questions_without_text(
    fake: FakeDiscord, bot: RunningBot
) -> None:
    """Without Embed Links Discord drops a post's embeds and keeps its buttons: answers to no question."""
    ana = Person(fake, "ana", manages_server=True)
    fake.app_permissions &= ~EMBED_LINKS
    refused = await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    assert refused.ephemeral
    assert "Embed Links" in refused.text
    assert fake.channel_posts == []
    told = await ana.slash("daily", time="07:00")
    assert "Embed Links" in told.text
    assert "/daily off" not in told.text  # not set

    fake.app_permissions |= EMBED_LINKS  # an admin fixed the channel
    again = await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    assert again.ephemeral
    assert "Physics basics · 1 of 2" in shown(fake.channel_posts[-1])


async def test_a_permission_taken_mid_challenge_ends_it_so_the_channel_can_start_another(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    ana = Person(fake, "ana")
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    assert "1 of 2" in shown(fake.channel_posts[-1])
    fake.fail("POST", "/channels/", 403, 50013)  # Missing Permissions: Send Messages taken in the channel
    clock.advance(seconds=21)
    await bot.service.challenges.tick()  # the second question cannot be posted

    again = await ana.slash("challenge", deck="physics 1")
    await bot.service.client.drain()
    assert again.text == "Challenge on: the questions come in this channel."
    assert "Physics basics · 1 of 1" in shown(fake.channel_posts[-1])
