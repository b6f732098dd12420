"""The other slash commands, the admin group, slow engine calls, and the bot surviving errors."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from pydantic import SecretStr

from studybot.adapters.discord import DiscordService, handlers
from studybot.engine.engine import QuizEngine
from studybot.errors import ConfigError
from tests.adapters.discord.conftest import RunningBot, StartBot, bot_settings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person
from tests.fakes.discord_payloads import GUILD_ID


async def test_every_command_word_is_a_slash_command_synced_to_the_guild(fake: FakeDiscord, ana: Person) -> None:
    names = sorted(command["name"] for command in fake.commands[GUILD_ID])
    words = "start help decks subscribe unsubscribe quiz next hint skip undo stats cram export settings pause resume"
    words += " link unlink add import share deletedeck admin challenge leaderboard daily"
    assert names == sorted(words.split())
    assert "global" not in fake.commands


async def test_decks_stats_help_and_settings(ana: Person) -> None:
    await ana.slash("subscribe", deck="physics")
    assert "✅ `physics` — **Physics basics** (5 cards)" in (await ana.slash("decks")).text
    assert "Due now: 0" in (await ana.slash("stats")).text
    assert "Answer with the buttons under each question" in (await ana.slash("help")).text
    assert await ana.autocomplete("unsubscribe", "deck", "") == ["Physics basics (physics)"]

    saved = await ana.slash("settings", setting="time", value="07:45")
    assert "Saved: time = 07:45." in saved.text
    assert "Daily quiz at 07:45 (UTC)" in saved.text
    assert "polls" not in saved.text.lower()  # a Telegram-only preference
    refused = await ana.slash("settings", setting="timezone", value="Mars/Olympus")
    assert "Unknown timezone" in refused.text


async def test_admin_stats_only_for_admins(engine: QuizEngine, fake: FakeDiscord, start_bot: StartBot) -> None:
    ana, root = Person(fake, "ana"), Person(fake, "root")
    engine.settings = replace(engine.settings, admins=frozenset({f"discord:{root.id}"}))  # STUDYBOT_ADMINS
    await start_bot()
    await ana.slash("subscribe", deck="physics")  # a learner: subscribed (or with a review)

    assert "I don't know /admin" in (await ana.slash("admin", "stats")).text
    figures = await root.slash("admin", "stats")
    assert "Learners: 1 · active today: 0 · blocked: 0" in figures.text
    assert figures.ephemeral


async def test_a_slow_engine_call_is_deferred_and_then_answered(ana: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    await ana.slash("subscribe", deck="physics")
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # as if every engine call were slow

    question = await ana.slash("quiz")
    assert question.exchange.callback_type == 5  # "thinking…", then the original response is filled in
    assert "Roughly how fast" in question.text

    feedback = await ana.click(question, "300,000 km/s")
    assert feedback.exchange.callback_type == 6  # a slow grading: the click is acknowledged silently first,
    assert "✓ Correct." in feedback.text
    assert all(b.disabled for b in question.buttons)  # then its buttons are closed and coloured by an edit


async def test_a_failed_reply_is_logged_and_the_bot_goes_on(
    ana: Person, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("POST", "/callback", 400, 50035)

    apology = await ana.slash("decks")

    assert apology.text == handlers.BROKEN
    assert "interaction failed" in caplog.text
    assert "Physics basics" in (await ana.slash("decks")).text


async def test_a_button_of_an_unknown_kind_is_answered_not_ignored(ana: Person) -> None:
    question = await ana.slash("quiz")
    owner = ana.id
    later_version = f"sb:x:abcdefghij::{owner}"  # an action letter this version does not have
    button = {"type": 2, "style": 2, "label": "Easy", "custom_id": later_version}
    message = {**question.message, "components": [{"type": 1, "components": [button]}]}

    said = await ana.press(message, later_version)

    assert said.text == handlers.RETIRED
    assert said.ephemeral


async def test_a_bad_token_fails_the_service_with_a_clear_error(engine: QuizEngine, fake: FakeDiscord) -> None:
    settings = bot_settings(fake).model_copy(update={"discord_bot_token": SecretStr("wrong-token-" + "y" * 30)})
    service = DiscordService(engine, settings)

    with pytest.raises(ConfigError, match="DISCORD_BOT_TOKEN") as refused:
        await asyncio.wait_for(service.serve(asyncio.Event()), 20)
    assert "wrong-token" not in str(refused.value)


async def test_a_stop_lets_the_answer_in_flight_finish(
    engine: QuizEngine, ana: Person, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")
    entered, release = asyncio.Event(), asyncio.Event()
    answer = engine.answer

    async def held(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        await release.wait()
        return await answer(*args, **kwargs)

    monkeypatch.setattr(engine, "answer", held)
    clicking = asyncio.create_task(ana.click(question, "300,000 km/s"))
    await asyncio.wait_for(entered.wait(), 20)

    bot.stop.set()  # SIGTERM, while the answer is being graded
    release.set()

    assert "✓ Correct." in (await clicking).text
    assert bot.task is not None
    await asyncio.wait_for(bot.task, 20)  # and then it stops


async def test_a_slow_reveal_is_deferred_and_then_shown_in_place(ana: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    await ana.slash("subscribe", deck="physics")
    card = await ana.slash("quiz")
    for _ in range(4):
        card = await ana.slash("skip")
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)

    revealed = await ana.click(card, "Show answer")

    assert revealed.exchange.callback_type == 6
    assert "It never decreases over time." in revealed.text
    assert [b.label for b in revealed.buttons] == ["Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 7d"]


async def test_a_slow_answer_whose_acknowledgement_failed_is_graded_once_and_shown(
    ana: Person, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # as if grading were slow: the click is deferred first
    fake.fail("POST", "/callback", 0)  # and the connection carrying that defer is cut

    feedback = await ana.click(question, "300,000 km/s")

    assert "✓ Correct." in feedback.text  # not "please try again" for an answer that was taken
    assert all(b.disabled for b in question.buttons)
    assert "no longer open" in (await ana.click(question, "300,000 km/s")).text  # graded once


async def test_a_slow_reply_whose_defer_lost_its_answer_is_still_shown(
    ana: Person, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # as if every engine call were slow: each is deferred first
    fake.fail("POST", "/callback", 500, after=True)  # Discord took the defer; its answer was lost (discord.py retries)

    feedback = await ana.click(question, "300,000 km/s")
    assert "✓ Correct." in feedback.text
    assert all(b.disabled for b in question.buttons)

    fake.fail("POST", "/callback", 500, after=True)
    stats = await ana.slash("stats")
    assert "Due now" in stats.text  # the "thinking…" filled in
