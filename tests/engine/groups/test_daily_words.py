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
