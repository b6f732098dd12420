"""Pushes reach Discord learners as DMs, from the running bot or from a REST-only client in another process."""

from __future__ import annotations

from studybot.adapters.discord import open_delivery
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice, Prompt
from studybot.push.delivery import DeliveryResult
from tests.adapters.discord.conftest import RunningBot, bot_settings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, Said, as_text, buttons_of

CLEO = 1_500_000_000_000_000_001
DISCORD_PY_TRIES = 5  # how often discord.py sends a request that was answered 429 before it gives up


async def _push(engine: QuizEngine, user_id: int = CLEO) -> Notice:
    learner = Learner("discord", str(user_id), "cleo")
    await engine.subscribe(learner, "physics")
    question = await engine.next(learner)
    assert isinstance(question, Prompt)
    return Notice("Time for today's review: 5 cards are due.", next=question)


async def test_the_running_bot_pushes_a_question_by_dm_and_its_buttons_answer_it(
    engine: QuizEngine, fake: FakeDiscord, bot: RunningBot
) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    push = await _push(engine, cleo.id)

    assert await bot.service.delivery.deliver(str(cleo.id), push) == DeliveryResult.SENT

    (dm,) = fake.dms
    assert "Time for today's review: 5 cards are due." in as_text(dm)
    assert "Roughly how fast does light travel in vacuum?" in as_text(dm)
    right = next(b for b in buttons_of(dm) if "300,000 km/s" in b.label)
    feedback = await cleo.press(dm, right.custom_id)
    assert "✓ Correct." in feedback.text
    assert not feedback.ephemeral


async def test_open_delivery_sends_over_rest_without_a_gateway_connection(
    engine: QuizEngine, fake: FakeDiscord
) -> None:
    push = await _push(engine)

    async with open_delivery(bot_settings(fake)) as delivery:
        assert delivery.platform == "discord"
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.SENT

    assert fake.connections == 0
    assert len(fake.dms) == 1


async def test_a_dm_refused_with_50007_reports_blocked_until_the_learner_comes_back(
    engine: QuizEngine, fake: FakeDiscord, bot: RunningBot
) -> None:
    cleo = Person(fake, "cleo")
    await cleo.slash("subscribe", deck="physics")
    push = await _push(engine, cleo.id)
    fake.fail("POST", "/channels/", 403, 50007)

    assert await bot.service.delivery.deliver(str(cleo.id), push) == DeliveryResult.BLOCKED
    await engine.set_blocked(Learner("discord", str(cleo.id)))  # what the push planner does with BLOCKED
    assert (await engine.admin_stats()).blocked == 1

    back: Said = await cleo.slash("quiz")
    assert "Roughly how fast" in back.text
    assert (await engine.admin_stats()).blocked == 0


async def test_a_403_other_than_50007_fails_the_push_without_blocking_the_learner(
    engine: QuizEngine, fake: FakeDiscord
) -> None:
    push = await _push(engine)
    async with open_delivery(bot_settings(fake)) as delivery:
        fake.fail("POST", "/channels/", 403, 50013)  # Missing Permissions: the bot's trouble, not the learner's
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.FAILED
        fake.fail("POST", "/channels/", 403, 50007)  # Cannot send messages to this user
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.BLOCKED
    assert fake.dms == []


async def test_rate_limits_are_waited_out_and_server_errors_are_retried_later(
    engine: QuizEngine, fake: FakeDiscord
) -> None:
    push = await _push(engine)
    async with open_delivery(bot_settings(fake)) as delivery:
        fake.fail("POST", "/channels/", 429, times=2)
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.SENT
        fake.fail("POST", "/channels/", 503)
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.RETRY
        fake.fail("POST", "/channels/", 429, times=DISCORD_PY_TRIES)  # past discord.py's own tries: posted nowhere
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.NOT_SENT
        fake.fail("POST", "/channels/", 400, 50035)
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.FAILED
    assert len(fake.dms) == 1


async def test_a_push_whose_reply_was_lost_is_not_posted_twice_when_it_is_tried_again(
    engine: QuizEngine, fake: FakeDiscord
) -> None:
    """Discord created the message, but its answer never came back (a 503 here; a timeout alike)."""
    push = await _push(engine)
    async with open_delivery(bot_settings(fake)) as delivery:
        fake.fail("POST", "/channels/", 503, after=True)
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.RETRY
        assert await delivery.deliver(str(CLEO), push) == DeliveryResult.SENT  # the retry, moments later
        assert len(fake.dms) == 1
        other = Notice("Evening: 5 cards are still due.", next=push.next)  # another push is a message of its own
        assert await delivery.deliver(str(CLEO), other) == DeliveryResult.SENT
    assert len(fake.dms) == 2


async def test_a_reply_beyond_discords_limits_is_shortened_not_refused(engine: QuizEngine, fake: FakeDiscord) -> None:
    huge = Notice("word " * 3000)
    async with open_delivery(bot_settings(fake)) as delivery:
        assert await delivery.deliver(str(CLEO), huge) == DeliveryResult.SENT
    (dm,) = fake.dms
    assert len(dm["content"]) == 2000
    assert dm["content"].endswith("…")
    assert fake.rejected == []


async def test_a_huge_question_fits_in_its_embed(fake: FakeDiscord) -> None:
    question = Prompt(1, "big", "Big deck " * 40, "short", "why " * 2000, (), "abcdefghij", "1 due", False)
    async with open_delivery(bot_settings(fake)) as delivery:
        assert await delivery.deliver(str(CLEO), Notice("x " * 1500, next=question)) == DeliveryResult.SENT
    (dm,) = fake.dms
    (embed,) = dm["embeds"]
    assert len(embed["description"]) == 4096
    assert fake.rejected == []
