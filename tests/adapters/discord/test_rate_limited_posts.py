"""A channel that keeps answering 429 past discord.py's own retries: the question of the day and a round's
scoreboard are not lost for the day; they come once the channel takes posts again, in the order they were
made, and once."""

from __future__ import annotations

from studybot.adapters.discord.group_posts import PAUSE_S
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.test_challenges import right, shown
from tests.adapters.telegram.test_group_play_budget import Seconds
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person

EVERY_TRY = 5  # discord.py's tries at one request


def paced(bot: RunningBot) -> Seconds:
    """The monotonic seconds the bot's channel pauses are counted in, moved by the test."""
    seconds = Seconds()
    bot.service.client.groups.posts.clock = seconds
    return seconds


async def test_a_question_of_the_day_refused_by_429s_comes_once_the_channel_takes_it(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    seconds = paced(bot)
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="07:00", deck="physics")
    fake.fail("POST", "/channels/", 429, times=EVERY_TRY)
    clock.advance(days=1)
    await bot.service.challenges.tick()
    assert fake.channel_posts == []

    clock.advance(minutes=5)
    await bot.service.challenges.tick()  # the channel is left alone a while
    assert fake.channel_posts == []

    seconds.now += PAUSE_S
    await bot.service.challenges.tick()
    assert [shown(post).split("\n")[0] for post in fake.channel_posts] == [
        "Question of the day · Physics basics · 1 of 1"
    ]
    assert "3600 s" in shown(fake.channel_posts[0])  # its hour starts when it is posted
    seconds.now += PAUSE_S
    await bot.service.challenges.tick()
    assert len(fake.channel_posts) == 1  # once


async def test_a_scoreboard_refused_by_429s_comes_before_the_question_of_the_day_behind_it(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    seconds = paced(bot)
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="08:01", deck="physics")  # due while the round below runs
    await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    first = fake.channel_posts[-1]
    await ana.press(first, right(first).custom_id)
    clock.advance(seconds=21)
    await bot.service.challenges.tick()
    assert "2 of 2" in shown(fake.channel_posts[-1])

    fake.fail("POST", "/channels/", 429, times=EVERY_TRY)  # the scoreboard's every try
    clock.advance(seconds=60)  # 08:01:21: the round's last question closes, then the question of the day is due
    await bot.service.challenges.tick()
    assert "final scores" not in shown(fake.channel_posts[-1])
    assert "· closed" in shown(fake.messages[fake.channel_posts[-1]["id"]])  # the close is an edit: made

    seconds.now += PAUSE_S
    await bot.service.challenges.tick()
    await bot.service.challenges.tick()
    titles = [shown(post).split("\n")[0] for post in fake.channel_posts[2:]]
    assert titles == [
        "Challenge by Ana · Physics basics: final scores",
        "Question of the day · Physics basics · 1 of 1",
    ]
    assert "1. Ana — 10 points · 1 right" in shown(fake.channel_posts[2])


async def test_a_challenge_whose_first_question_is_refused_by_429s_starts_once_the_channel_takes_it(
    fake: FakeDiscord, bot: RunningBot, clock: FakeClock
) -> None:
    seconds = paced(bot)
    ana = Person(fake, "ana")
    fake.fail("POST", "/channels/", 429, times=EVERY_TRY)
    started = await ana.slash("challenge", deck="physics")
    await bot.service.client.drain()
    assert started.text == "Challenge on: the questions come in this channel."
    assert fake.channel_posts == []

    clock.advance(seconds=30)  # held questions are not timed
    seconds.now += PAUSE_S
    await bot.service.challenges.tick()
    first = fake.channel_posts[-1]
    assert "1 of 2" in shown(first)
    clock.advance(seconds=1)
    assert (await ana.press(first, right(first).custom_id)).text.startswith("✓ Right: +")
