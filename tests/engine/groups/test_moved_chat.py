"""A chat that goes by a new id (a Telegram group upgraded to a supergroup) takes its group play along."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import GroupUpdate, Place
from studybot.engine.replies import Learner

BASIC, SUPER = Place("telegram", "-4001", by_admin=True), Place("telegram", "-1004001", by_admin=True)
ALICE = Learner("telegram", "1", "Alice")


def said(update: object) -> str:
    assert isinstance(update, GroupUpdate)
    assert update.say is not None
    return update.say.text


async def test_a_supergroup_used_before_the_news_of_its_upgrade_still_gets_the_question_of_the_day(
    engine: QuizEngine,
) -> None:
    groups = GroupEngine(engine)
    await groups.daily(BASIC, ALICE, "07:30 physics")
    assert said(await groups.daily(SUPER, ALICE, "")).startswith("No question of the day here.")  # a row of its own

    await groups.chat_moved("telegram", BASIC.chat_id, SUPER.chat_id)
    assert "every day at 07:30 (UTC time), from physics" in said(await groups.daily(SUPER, ALICE, ""))
    assert said(await groups.daily(BASIC, ALICE, "")).startswith("No question of the day here.")  # not twice a day

    await groups.chat_moved("telegram", "-4002", "-1004002")  # a chat the bot never played in: nothing to move
    assert said(await groups.daily(Place("telegram", "-1004002"), ALICE, "")).startswith("No question of the day")
