"""A challenge in a group busy with personal quizzes spends from the same 20 messages a minute: a question
that does not fit waits for the group to have room (no 429), then comes with its full time."""

from __future__ import annotations

from studybot.adapters.telegram import TelegramService
from studybot.adapters.telegram.limits import GroupBudget
from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP, running
from tests.adapters.telegram.test_challenges import right_label
from tests.adapters.telegram.test_group_budget import refused
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


class Seconds:
    """Monotonic seconds the test moves: the group's minute, for the bot's budget and the fake's limit."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_challenge_question_waits_for_room_in_a_busy_group(
    engine: QuizEngine, fake: FakeTelegram, clock: FakeClock
) -> None:
    seconds = Seconds()
    fake.flood.clock = seconds
    async with running(engine, fake, build={"budget": GroupBudget(clock=seconds)}) as room:
        assert isinstance(room.service, TelegramService)
        alice, bob = Person(room, 1001, "Alice", GROUP), Person(room, 1002, "Bob", GROUP)
        await alice.says("/subscribe physics")
        for _ in range(17):  # a subscription and 17 questions, with Bob's below: the minute's 19
            await alice.says("/quiz")
        await bob.says("/subscribe physics")
        await bob.says("/quiz")  # the 20th: the busy notice ("continue in private")
        posted = len(room.messages_in(GROUP))
        assert posted == 20

        await alice.says("/challenge physics 2")
        clock.advance(seconds=30)
        await room.service.challenges.tick()
        assert len(room.messages_in(GROUP)) == posted  # the question waits, untimed
        assert refused(fake) == []

        seconds.now += 61  # a minute later the group has room again
        await room.service.challenges.tick()
        question = alice.last_message()
        assert question.text.startswith("Challenge by Alice · Physics basics · 1 of 2")
        clock.advance(seconds=1)
        assert await bob.presses(right_label(question), on=question) == "✓ Right: +10 points"  # its time began now
        assert refused(fake) == []
