"""Shared fixtures: real SQLite and a real PostgreSQL cluster, a fake clock, an engine, a chat."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

import psycopg
import pytest

from studybot.adapters.console import render
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Prompt, Reply
from studybot.storage.db import Database
from tests.pg import postgres_server

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
_counter = itertools.count()


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        _create_template(url)
        yield url


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True)


def _create_template(url: str) -> None:
    with _admin(url) as conn:
        conn.execute("DROP DATABASE IF EXISTS studybot_template")
        conn.execute("CREATE DATABASE studybot_template")
    db = Database(f"{url}/studybot_template")
    db.upgrade_blocking()
    db.close_blocking()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = f"t{next(_counter)}_{abs(hash(request.node.nodeid)) % 10**8}"
    with _admin(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE studybot_template')
    yield f"{server}/{name}"
    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.upgrade()
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def engine(db: Database, clock: FakeClock) -> QuizEngine:
    load_test_decks(db, clock.now)
    return QuizEngine(db, clock=clock, rng=Random(7))


def load_test_decks(db: Database, now: datetime, *names: str) -> None:
    files = [DATA / f"{name}.yaml" for name in (names or ("physics", "chemistry"))]
    result = load_decks(files)
    assert result.ok, result.errors
    with db.transaction() as session:
        import_decks(session, result.decks, now=now)


class Chat:
    """A learner talking to the engine through the console's words and rendering."""

    def __init__(self, engine: QuizEngine, name: str = "ana") -> None:
        self.engine = engine
        self.learner = Learner("console", name, name)
        self.last: Reply | None = None

    async def send(self, line: str) -> str:
        self.last = await dispatch(self.engine, self.learner, line)
        return render(self.last)

    @property
    def asked(self) -> Prompt | None:
        """The question the last reply asks: itself, or the one after a notice ("Skipped …")."""
        if isinstance(self.last, Prompt):
            return self.last
        following = getattr(self.last, "next", None)
        return following if isinstance(following, Prompt) else None


@pytest.fixture
def chat(engine: QuizEngine) -> Chat:
    return Chat(engine)
