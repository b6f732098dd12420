"""A fake Discord on loopback and the real bot (discord.py) connected to it, on the test's engine."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest

from studybot.adapters.discord import DiscordService
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person
from tests.fakes.discord_payloads import GUILD_ID


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.close()
    assert server.rejected == [], "the bot sent something Discord refuses (a limit, or a second acknowledgement)"


def bot_settings(fake: FakeDiscord, **extra: Any) -> Settings:
    return Settings(
        discord_bot_token=fake.token,
        discord_api_base=fake.api_base,
        discord_guild_id=int(GUILD_ID),
        **extra,
    )


class RunningBot:
    """`studybot run discord`'s service, served in the test's event loop until stopped."""

    def __init__(self, engine: QuizEngine, fake: FakeDiscord, settings: Settings) -> None:
        self.fake = fake
        self.service = DiscordService(engine, settings)
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.fake.identified.clear()
        self.task = asyncio.create_task(self.service.serve(self.stop))
        await self.fake.connected()

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 20)


StartBot = Callable[..., Coroutine[Any, Any, RunningBot]]


@pytest.fixture
async def start_bot(engine: QuizEngine, fake: FakeDiscord) -> AsyncIterator[StartBot]:
    running: list[RunningBot] = []

    async def start(**extra: Any) -> RunningBot:
        bot = RunningBot(engine, fake, bot_settings(fake, **extra))
        running.append(bot)
        await bot.start()
        return bot

    yield start
    for bot in running:
        await bot.close()


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()


@pytest.fixture
def ana(fake: FakeDiscord, bot: RunningBot) -> Person:
    return Person(fake, "ana")
