"""Group posts Telegram refuses with 429 (another process of the bot posted in the group too): a round's
scoreboard, and the word that the question of the day is off, come once the group has room again, once,
and without holding up the other groups."""

from __future__ import annotations

from pathlib import Path

from studybot.adapters.telegram import TelegramService
from studybot.adapters.telegram.limits import GroupBudget
from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP, running
from tests.adapters.telegram.test_challenges import right_label
from tests.adapters.telegram.test_daily_deck_gone import prune_physics
from tests.adapters.telegram.test_group_play_budget import Seconds
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person

OTHER = GROUP - 1
RETRY_AFTER = 30


async def test_a_scoreboard_refused_with_its_fallback_edit_comes_later_and_once(
    engine: QuizEngine, fake: FakeTelegram, clock: FakeClock
) -> None:
    seconds = Seconds()
    fake.flood.clock = seconds
    async with running(engine, fake, build={"budget": GroupBudget(clock=seconds)}) as room:
        assert isinstance(room.service, TelegramService)
        alice, bob = Person(room, 1001, "Alice", GROUP), Person(room, 1002, "Bob", OTHER)
        for who in (alice, bob):
            await who.says("/challenge physics 1")
            question = who.last_message()
            await who.presses(right_label(question), on=question)
            clock.advance(seconds=1)  # Alice's round closes first
        clock.advance(seconds=21)
        fake.fail_next("sendMessage", 429, retry_after=RETRY_AFTER)  # Alice's group's scoreboard
        fake.fail_next("editMessageText", 429, retry_after=RETRY_AFTER, after=1)  # and then its edit into the question
        await room.service.challenges.tick()
        assert "final scores" not in alice.last_message().text
        assert bob.last_message().text.startswith("Challenge by Bob · Physics basics: final scores")  # not held up

        await room.service.challenges.tick()
        assert "final scores" not in alice.last_message().text  # Telegram's retry_after has not passed
        seconds.now += RETRY_AFTER
        await room.service.challenges.tick()
        await room.service.challenges.tick()
        boards = [m.text for m in room.messages_in(GROUP) if "final scores" in m.text]
        assert boards == [
            "Challenge by Alice · Physics basics: final scores\n(after 1 question)\n\n1. Alice — 10 points · 1 right"
        ]


async def test_the_word_that_the_question_of_the_day_is_off_survives_a_429(
    engine: QuizEngine, fake: FakeTelegram, clock: FakeClock, tmp_path: Path
) -> None:
    seconds = Seconds()
    fake.flood.clock = seconds
    async with running(engine, fake, build={"budget": GroupBudget(clock=seconds)}) as room:
        assert isinstance(room.service, TelegramService)
        alice = Person(room, 1001, "Alice", GROUP)
        fake.admins[GROUP] = {1001}
        await alice.says("/daily 08:30 physics")
        prune_physics(engine, clock, tmp_path)
        fake.fail_next("sendMessage", 429, retry_after=RETRY_AFTER)
        clock.advance(hours=1)
        await room.service.challenges.tick()
        assert not alice.last_message().text.startswith("No question of the day today.")

        seconds.now += RETRY_AFTER
        clock.advance(days=1)
        for _ in range(3):
            await room.service.challenges.tick()
        told = [m.text for m in room.messages_in(GROUP) if m.text.startswith("No question of the day today.")]
        assert len(told) == 1
