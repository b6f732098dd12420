"""The question of the day falls due while the chat plays a challenge: it comes once the challenge is over."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner
from tests.conftest import FakeClock

ADMIN = Place("telegram", "-100", by_admin=True)
ALICE = Learner("telegram", "1", "Alice")


async def test_a_challenge_running_at_the_daily_time_puts_the_question_of_the_day_off_until_it_ends(
    engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine)
    await groups.daily(ADMIN, ALICE, "08:30 physics")  # the clock starts at 08:00 UTC
    clock.advance(minutes=29)
    started = await groups.challenge(ADMIN, ALICE, "physics 2")
    assert started.ask is not None
    clock.advance(minutes=1)
    assert await groups.claim_daily("telegram") == []  # the challenge's question is open
    clock.advance(minutes=1)
    stopped = await groups.challenge(ADMIN, ALICE, "stop")
    assert stopped.scoreboard is not None

    daily = await groups.claim_daily("telegram")
    assert [update.ask.title for update in daily if update.ask] == ["Question of the day · Physics basics"]
    assert await groups.claim_daily("telegram") == []  # once
    clock.advance(days=1)
    await groups.close_due("telegram")  # as the timer does before each claim
    assert len(await groups.claim_daily("telegram")) == 1  # and the next day's as always


async def test_a_challenge_running_past_the_grace_skips_that_days_question(
    engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine)
    await groups.daily(ADMIN, ALICE, "08:30 physics")
    clock.advance(minutes=29)
    await groups.challenge(ADMIN, ALICE, "physics 2")
    clock.advance(hours=3)  # nobody closed it (the timer was down)
    await groups.challenge(ADMIN, ALICE, "stop")
    assert await groups.claim_daily("telegram") == []  # 11:29: 08:30's question is too late now
    clock.advance(hours=21, minutes=2)  # 08:31 the next day
    assert len(await groups.claim_daily("telegram")) == 1
