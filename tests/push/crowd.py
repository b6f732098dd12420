"""Many learners at once, written straight into storage: the setup of the multi-process tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select

from studybot.storage.db import Database
from studybot.storage.models import Deck, PushSchedule, Subscription, User


def seed_due_learners(db: Database, count: int, now: datetime) -> list[str]:
    """`count` Telegram learners in UTC, subscribed to every deck, whose push fell due a minute ago."""
    due = now - timedelta(minutes=1)
    names = [f"crowd{i}" for i in range(count)]
    users = [
        {
            "platform": "telegram",
            "external_id": name,
            "display_name": name,
            "timezone": "UTC",
            "push_time": due.strftime("%H:%M"),
            "created_at": now,
        }
        for name in names
    ]
    with db.transaction() as session:
        session.execute(insert(User), users)
        ids = session.scalars(select(User.id).where(User.external_id.in_(names))).all()
        schedule = {"platform": "telegram", "push_time": due.strftime("%H:%M"), "timezone": "UTC", "next_push_at": due}
        session.execute(insert(PushSchedule), [{"user_id": uid, **schedule} for uid in ids])
        decks = session.scalars(select(Deck.id)).all()
        rows = [{"user_id": uid, "deck_id": deck, "created_at": now} for uid in ids for deck in decks]
        session.execute(insert(Subscription), rows)
    return names
