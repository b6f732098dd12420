"""A challenge stopped while its next question waits for the group to have room (never posted): the round's
scoreboard still reaches the group, in the last question that was posted, and the unposted question is not
counted as asked."""

from __future__ import annotations

from studybot.adapters.telegram import TelegramService
from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP, running
from tests.adapters.telegram.test_challenges import right_label
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_a_challenge_stopped_with_its_question_held_shows_its_scoreboard(
    engine: QuizEngine, fake: FakeTelegram, clock: FakeClock
) -> None:
    async with running(engine, fake) as room:
        assert isinstance(room.service, TelegramService)
        alice, bob = Person(room, 1001, "Alice", GROUP), Person(room, 1002, "Bob", GROUP)
        await alice.says("/challenge physics 2")
        first = alice.last_message()
        await bob.presses(right_label(first), on=first)
        fake.flood.per_minute = 1  # the group is busy: nothing new fits in it this minute
        clock.advance(seconds=21)
        await room.service.challenges.tick()  # the first closes (an edit); the second waits
        assert alice.last_message().id == first.id

        await alice.says("/challenge stop")

        shown = room.as_now(first).text
        assert shown.startswith("Challenge by Alice · Physics basics · 1 of 2 · closed")
        assert "Challenge by Alice · Physics basics: final scores\n(stopped by Alice after 1 question)" in shown
        assert "1. Bob — 10 points · 1 right" in shown
        fake.flood.per_minute = 20
        clock.advance(seconds=61)
        await room.service.challenges.tick()
        assert alice.last_message().id == first.id  # the stopped round's question never comes
