"""One learner across platforms: Tom studies on Telegram and on Discord, links the two with a code, and
from then on has one schedule and one history (no review lost or counted twice, /undo still exact), the
Telegram account's settings, and daily pushes wherever he was last. Codes expire, work once, and an
account that guesses wrong five times is turned away."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from studybot.engine.engine import QuizEngine
from studybot.push.fanout import RetryPolicy
from studybot.push.planner import Planner
from studybot.storage.db import Database
from studybot.storage.models import ReviewLog
from tests.adapters.discord.conftest import RunningBot, bot_settings
from tests.adapters.telegram.conftest import running
from tests.conftest import FakeClock
from tests.fakes import discord_chat, telegram_chat
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

CODE = re.compile(r"Your link code: ([A-Z0-9]{4}-[A-Z0-9]{4})")


@dataclass
class Tom:
    on_telegram: telegram_chat.Person
    on_discord: discord_chat.Person
    telegram: telegram_chat.Chatroom
    discord: RunningBot

    async def telegram_says(self, text: str) -> str:
        await self.on_telegram.says(text)
        return self.on_telegram.bot_said()

    async def discord_says(self, name: str, **options: str) -> str:
        return (await self.on_discord.slash(name, **options)).text

    async def code_from_telegram(self) -> str:
        found = CODE.search(await self.telegram_says("/link"))
        assert found is not None
        return found[1]


@pytest.fixture
async def tom(engine: QuizEngine) -> AsyncIterator[Tom]:
    telegram, discord = FakeTelegram(), FakeDiscord()
    await telegram.start()
    await discord.start()
    bot = RunningBot(engine, discord, bot_settings(discord))
    await bot.start()
    async with running(engine, telegram) as room:
        yield Tom(telegram_chat.Person(room, 4242, "Tom"), discord_chat.Person(discord, "tom", in_dms=True), room, bot)
    await bot.close()
    await discord.close()
    await telegram.close()


def reviews_of_everyone(db: Database) -> list[tuple[int, int, str]]:
    query = select(ReviewLog.id, ReviewLog.card_id, ReviewLog.platform).order_by(ReviewLog.id)
    with db.transaction() as session:
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


async def test_linking_joins_schedules_and_histories_and_undo_stays_exact(
    tom: Tom, db: Database, clock: FakeClock
) -> None:
    await tom.telegram_says("/subscribe physics")
    await tom.telegram_says("/settings time 07:15")
    await tom.telegram_says("/quiz")
    assert await tom.on_telegram.presses("300,000 km/s") == "✓ Correct"  # the speed of light, right, on Telegram
    clock.advance(minutes=3)
    await tom.discord_says("subscribe", deck="physics")
    asked = await tom.on_discord.slash("quiz")
    assert "how fast does light travel" in asked.text
    answered = await tom.on_discord.click(asked, "3,000 km/s")  # the same card, wrong, 3 minutes later
    assert "Not quite" in answered.text
    await tom.discord_says("subscribe", deck="chemistry")
    before = reviews_of_everyone(db)
    assert [platform for _, _, platform in before] == ["telegram", "discord"]

    code = await tom.code_from_telegram()
    linked = await tom.discord_says("link", code=code)
    assert "Linked: you are one learner on Discord and Telegram" in linked

    assert reviews_of_everyone(db) == before  # every review kept, none copied
    assert "Reviewed today: 2" in await tom.telegram_says("/stats")
    assert "07:15" in await tom.discord_says("settings")  # the settings of the account that gave the code
    decks = await tom.telegram_says("/decks")
    assert "✓ Chemistry" in decks
    assert "✓ Physics" in decks

    # the later state won: after Discord's wrong answer the card is due again within minutes (after
    # Telegram's right answer it would wait 10)
    clock.advance(minutes=2)
    assert "· 1 due ·" in await tom.telegram_says("/quiz")
    assert "Undone" in await tom.telegram_says("/undo")  # the last review is Discord's wrong answer
    assert [platform for _, _, platform in reviews_of_everyone(db)] == ["telegram"]
    assert "Reviewed today: 1" in await tom.discord_says("stats")


async def test_a_code_expires_after_ten_minutes_and_works_once(tom: Tom, clock: FakeClock, engine: QuizEngine) -> None:
    code = await tom.code_from_telegram()
    clock.advance(minutes=10, seconds=1)
    refused = await tom.discord_says("link", code=code)
    assert "That link code is wrong, used or expired (4 tries left)" in refused

    code = await tom.code_from_telegram()
    assert "Linked" in await tom.discord_says("link", code=code.lower().replace("-", " "))
    stranger = discord_chat.Person(tom.on_discord.fake, "eve", in_dms=True)
    reused = (await stranger.slash("link", code=code)).text
    assert "wrong, used or expired" in reused
    assert "already one learner" in await tom.discord_says("link", code=await tom.code_from_telegram())


async def test_five_wrong_codes_lock_the_account_out(tom: Tom) -> None:
    for left in (4, 3, 2, 1):
        said = await tom.discord_says("link", code="AAAA-AAAA")
        assert f"({left} {'try' if left == 1 else 'tries'} left)" in said
    assert "(no tries left for an hour)" in await tom.discord_says("link", code="AAAA-AAAA")
    code = await tom.code_from_telegram()
    assert "Too many wrong link codes" in await tom.discord_says("link", code=code)  # even the right one


async def test_pushes_go_where_the_learner_was_last_and_unlink_splits_from_then_on(
    tom: Tom, engine: QuizEngine, clock: FakeClock
) -> None:
    await tom.telegram_says("/subscribe physics")
    await tom.telegram_says("/settings time 09:00")
    await tom.discord_says("link", code=await tom.code_from_telegram())  # Discord was used last

    deliveries = {"telegram": tom.telegram.service.delivery, "discord": tom.discord.service.delivery}  # type: ignore[attr-defined]

    async def no_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    planner = Planner(
        engine, deliveries, clock=clock, grace=timedelta(hours=2), retry=RetryPolicy((1.0,)), sleep=no_sleep
    )
    clock.now = clock.now.replace(hour=9, minute=1)
    on_telegram = len(tom.telegram.messages_in(tom.on_telegram.chat_id))
    assert (await planner.tick())["sent"] == 1
    assert len(tom.on_discord.fake.dms) == 1  # to Discord, not Telegram
    assert len(tom.telegram.messages_in(tom.on_telegram.chat_id)) == on_telegram

    await tom.telegram_says("/quiz")  # now Telegram is where he was last
    clock.advance(days=1)
    assert (await planner.tick())["sent"] == 1
    assert "here is the first one" in tom.on_telegram.bot_said()
    assert len(tom.on_discord.fake.dms) == 1

    unlinked = await tom.discord_says("unlink")
    assert "Unlinked: from now on this account is a learner of its own" in unlinked
    asked = await tom.on_discord.slash("quiz")
    await tom.on_discord.click(asked, asked.buttons[0].label)
    assert "Reviewed today: 1" in await tom.discord_says("stats")
    assert "Reviewed today: 0" in await tom.telegram_says("/stats")  # split from then on
    assert "not linked" in await tom.telegram_says("/unlink")
