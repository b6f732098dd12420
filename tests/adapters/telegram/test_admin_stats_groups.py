"""`/admin stats` counts learners, not the groups whose anonymous admins played: a group command sent "as
the group" is played by the group standing in as a member, which is nobody who studies."""

from __future__ import annotations

from random import Random

from studybot.engine.engine import QuizEngine
from studybot.engine.turn import EngineSettings
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import GROUP, running
from tests.conftest import FakeClock, load_test_decks
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_a_group_whose_anonymous_admin_played_is_no_learner(
    fake: FakeTelegram, db: Database, clock: FakeClock
) -> None:
    load_test_decks(db, clock.now)
    engine = QuizEngine(db, clock=clock, rng=Random(3), settings=EngineSettings(admins=frozenset({"telegram:7"})))
    async with running(engine, fake) as room:
        operator, alice = Person(room, 7, "Olga"), Person(room, 1001, "Alice", GROUP)
        await alice.says("/daily 08:30 physics", as_the_group=True)
        await alice.says("/challenge physics 1", as_the_group=True)
        await alice.says("/leaderboard", as_the_group=True)
        assert alice.last_message().text.startswith("Leaderboard")
        await alice.says("/subscribe physics")
        await alice.says("/quiz")
        await alice.presses("300 km/s")

        await operator.says("/admin stats")
        assert operator.bot_said() == (
            "Learners: 1 · active today: 1 · blocked: 0\nReviews today: 1 · pushes today: 0 (UTC day)\n"
            "On their own fitted memory model: 0 of 1 learner"
        )
