"""Push fixtures: an engine on a fake clock, learners on a pushable platform, a recording delivery."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Reply
from studybot.push.fanout import RetryPolicy
from studybot.push.planner import Planner
from studybot.storage.db import Database
from studybot.storage.models import PushLog, PushSchedule, User
from tests.conftest import FakeClock
from tests.push.recording import RecordingDelivery

Say = Callable[[Learner, str], Awaitable[Reply]]


class NoSleep:
    """Backoff waits, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def delivery() -> RecordingDelivery:
    return RecordingDelivery("telegram")


@pytest.fixture
def sleeps() -> NoSleep:
    return NoSleep()


@pytest.fixture
def planner(engine: QuizEngine, delivery: RecordingDelivery, clock: FakeClock, sleeps: NoSleep) -> Planner:
    return Planner(
        engine,
        {"telegram": delivery},
        clock=clock,
        grace=timedelta(hours=2),
        concurrency=4,
        retry=RetryPolicy((5.0, 30.0)),
        sleep=sleeps,
    )


@pytest.fixture
def say(engine: QuizEngine) -> Say:
    async def send(learner: Learner, line: str) -> Reply:
        return await dispatch(engine, learner, line)

    return send


async def join(say: Say, name: str, *lines: str) -> Learner:
    """A Telegram learner who started the bot, subscribed to every test deck, then sent `lines`."""
    learner = Learner("telegram", name, name)
    await say(learner, "/start")
    await say(learner, "/subscribe physics")
    await say(learner, "/subscribe chemistry")
    for line in lines:
        await say(learner, line)
    return learner


@pytest.fixture
async def nine_o_clock(say: Say, clock: FakeClock) -> list[str]:
    """Ten Telegram learners, all due: it is 09:00 on 2 March 2026."""
    names = [f"learner{i}" for i in range(10)]
    for name in names:
        await join(say, name)
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return names


def push_log(db: Database) -> list[tuple[str, str, str]]:
    """(learner, local date, status) rows, oldest first."""
    with db.transaction() as session:
        rows = session.query(User.external_id, PushLog.local_date, PushLog.status).join(User).order_by(PushLog.id)
        return [(name, day.isoformat(), status) for name, day, status in rows]


def queued_pushes(db: Database) -> list[str]:
    """Learners (external ids) with a push queued by a tick and not begun."""
    with db.transaction() as session:
        rows = session.query(User.external_id).join(PushSchedule, PushSchedule.user_id == User.id)
        return [name for (name,) in rows.filter(PushSchedule.queued_day.is_not(None)).order_by(User.external_id)]
