"""The words of /daily as admins type them, capitals and all (a phone capitalises the first letter)."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner

ADMIN = Place("telegram", "-100", by_admin=True)
ALICE = Learner("telegram", "1", "Alice")


async def test_daily_off_in_capitals_turns_the_question_of_the_day_off(engine: QuizEngine) -> None:
    groups = GroupEngine(engine)

    async def daily(args: str) -> str:
        reply = await groups.daily(ADMIN, ALICE, args)
        assert reply.say is not None
        return reply.say.text

    assert "every day at 07:30 (UTC time)" in await daily("07:30 physics")
    assert await daily("Off") == "The question of the day is off."
    assert (await daily("")).startswith("No question of the day here.")
    assert "every day at 07:30 (UTC time)" in await daily("07:30")
    assert await daily("OFF") == "The question of the day is off."


async def test_a_time_alone_moves_the_question_of_the_day_and_keeps_its_zone_and_deck(engine: QuizEngine) -> None:
    groups = GroupEngine(engine)

    async def daily(args: str) -> str:
        reply = await groups.daily(ADMIN, ALICE, args)
        assert reply.say is not None
        return reply.say.text

    assert "every day at 08:30 (Europe/Berlin time), from physics" in await daily("08:30 Berlin physics")
    assert "every day at 09:00 (Europe/Berlin time), from physics" in await daily("09:00")
    assert "every day at 09:00 (UTC time), from every deck" in await daily("09:00 UTC")  # named: as said
    await daily("off")
    assert "every day at 07:00 (UTC time), from every deck" in await daily("07:00")  # off: the defaults
