"""What every chat platform relies on: blocked learners, admin figures, the native-poll preference."""

from __future__ import annotations

from random import Random

from sqlalchemy import select

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import AdminStats, Learner, Notice, Prompt, SettingsView
from studybot.engine.turn import EngineSettings
from studybot.storage.db import Database
from studybot.storage.models import User
from tests.conftest import Chat, FakeClock

ADMIN = Learner("telegram", "42", "Ops")


async def _blocked(db: Database, external_id: str) -> bool:
    return await db.run(lambda s: bool(s.scalar(select(User.blocked).where(User.external_id == external_id))))


async def test_a_blocked_learner_is_unblocked_by_their_next_message(engine: QuizEngine, db: Database) -> None:
    ana = Learner("telegram", "7", "Ana")
    await engine.start(ana)
    await engine.set_blocked(ana)
    assert await _blocked(db, "7")

    await dispatch(engine, ana, "/stats")

    assert not await _blocked(db, "7")


async def test_admin_stats_for_admins_only(db: Database, clock: FakeClock) -> None:
    from tests.conftest import load_test_decks

    load_test_decks(db, clock.now)
    engine = QuizEngine(db, clock=clock, rng=Random(1), settings=EngineSettings(admins=frozenset({"telegram:42"})))
    learner = Chat(engine, "ben")
    await learner.send("/subscribe physics")
    await learner.send("/quiz")
    await learner.send("1")
    await engine.set_blocked(Learner("telegram", "99"))  # not a learner yet: nothing to mark

    reply = await dispatch(engine, ADMIN, "/admin stats")

    assert reply == AdminStats(learners=1, active_today=1, reviews_today=1, pushes_today=0, blocked=0)
    stranger = await dispatch(engine, Learner("telegram", "43"), "/admin stats")
    assert isinstance(stranger, Notice)
    assert stranger.text == "I don't know /admin. Send /help for the commands."
    assert await learner.send("/admin stats") == "Error: I don't know /admin. Send /help for the commands."


async def test_polls_are_a_per_learner_setting(chat: Chat) -> None:
    reply = await chat.send("/settings polls on")
    assert isinstance(chat.last, SettingsView)
    assert chat.last.polls is True
    assert "Quiz polls on Telegram: on" in reply
    await chat.send("/settings polls off")
    assert isinstance(chat.last, SettingsView)
    assert chat.last.polls is False
    assert await chat.send("/settings polls maybe") == "Error: Use /settings polls on or /settings polls off."


async def test_settings_survive_a_quiz(chat: Chat) -> None:
    await chat.send("/settings polls on")
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    await chat.send("/settings")
    assert isinstance(chat.last, SettingsView)
    assert chat.last.polls is True
