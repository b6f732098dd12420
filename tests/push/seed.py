"""A database with learners whose daily push is due now, for `studybot run` / `studybot push` processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

from sqlalchemy.orm import Session

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.storage.db import Database
from studybot.storage.models import PushLog, PushSchedule, User
from tests.conftest import load_test_decks


async def seed_due(url: str, *learners: Learner) -> None:
    """Migrate, import the test decks, subscribe each learner to physics, and make their push due a minute ago."""
    now = datetime.now(UTC)
    db = Database(url)
    try:
        await db.upgrade()
        load_test_decks(db, now)
        engine = QuizEngine(db, clock=lambda: datetime.now(UTC), rng=Random(7))
        for learner in learners:
            await dispatch(engine, learner, "/subscribe physics")
        with db.transaction() as session:
            session.query(PushSchedule).update({PushSchedule.next_push_at: now - timedelta(minutes=1)})
    finally:
        await db.close()


def pushes(url: str) -> dict[str, list[str]]:
    """Each learner's push statuses ("platform:id" → statuses, oldest first); learners with none are absent."""
    db = Database(url)
    try:
        with db.transaction() as session:
            return _pushes(session)
    finally:
        db.close_blocking()


def _pushes(session: Session) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = session.query(User.platform, User.external_id, PushLog.status).join(PushLog).order_by(PushLog.id)
    for platform, external_id, status in rows:
        found.setdefault(f"{platform}:{external_id}", []).append(status)
    return found
