"""A channel's question of the day from a deck since emptied of the cards a channel can play: the channel is
told once, publicly, why no question came and how to pick another deck."""

from __future__ import annotations

from pathlib import Path

from studybot.engine.engine import QuizEngine
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.test_challenges import shown
from tests.adapters.telegram.test_daily_deck_gone import prune_physics
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person


async def test_a_question_of_the_day_whose_deck_was_pruned_says_so_once(
    fake: FakeDiscord, bot: RunningBot, engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    ana = Person(fake, "ana", manages_server=True)
    await ana.slash("daily", time="07:00", deck="physics")
    prune_physics(engine, clock, tmp_path)

    clock.advance(days=1)
    await bot.service.challenges.tick()
    assert shown(fake.channel_posts[-1]) == (
        "No question of the day today. Physics basics has no multiple-choice or true/false cards to play with. "
        "The question of the day is off; /daily 07:00 UTC DECK sets it again with another deck."
    )
    posted = len(fake.channel_posts)
    clock.advance(days=1)
    await bot.service.challenges.tick()
    assert len(fake.channel_posts) == posted  # told once
