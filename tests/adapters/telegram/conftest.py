"""The bot under test: studybot's Telegram service (real python-telegram-bot) against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from studybot.adapters.telegram import TelegramService, build_application
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.retry import Backoff
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person, UpdateTracker

GROUP = -1001234
SHORT = Backoff(first=0.01, factor=2.0, cap=0.05, tries=4)  # production waits, shortened for tests


def telegram_settings(fake: FakeTelegram, **extra: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token=fake.token, telegram_base_url=fake.base_url, **extra)  # type: ignore[call-arg]


@asynccontextmanager
async def running(
    engine: QuizEngine, fake: FakeTelegram, *, build: dict[str, Any] | None = None, **settings: Any
) -> AsyncIterator[Chatroom]:
    """studybot's Telegram service polling the fake until the block ends, then stopped as on SIGTERM.
    `build`: more arguments for `build_application` (retries wait `SHORT` unless it says otherwise)."""
    tracker = UpdateTracker()
    config = telegram_settings(fake, **settings)
    options = {"polling_backoff": SHORT, "send_backoff": SHORT, **(build or {})}
    service = TelegramService(engine, config, build_application(engine, config, updates=tracker, **options))
    stop = asyncio.Event()
    serving = asyncio.create_task(service.serve(stop))
    ready = asyncio.create_task(service.ready.wait())
    await asyncio.wait([ready, serving], timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if serving.done():
        serving.result()  # it could not start: show why
    try:
        yield Chatroom(fake, tracker, service, stop)
    finally:
        stop.set()
        await asyncio.wait_for(serving, 30)


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


@pytest.fixture
def person(room: Chatroom) -> Callable[..., Person]:
    def make(user_id: int, name: str, chat_id: int | None = None, *, topic: int | None = None) -> Person:
        return Person(room, user_id, name, chat_id, topic=topic)

    return make


@pytest.fixture
def alice(person: Callable[..., Person]) -> Person:
    return person(1001, "Alice")


def learner(who: Person) -> Learner:
    return Learner("telegram", str(who.id))
