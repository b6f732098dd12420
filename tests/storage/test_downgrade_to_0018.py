"""Going back from head to 0018 (before `push_schedule`) and up again keeps learners' rows, their next push,
a push queued but not begun, and that push's evening reminder."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text

from studybot.engine.engine import QuizEngine
from studybot.storage.db import Database
from tests.conftest import Chat

NOW = datetime(2026, 3, 2, 8, 0)  # the clock's start, as the database stores it (naive UTC)
TODAY = date(2026, 3, 2)
NEXT = datetime(2026, 3, 3, 9, 0)
BERLIN_EVENING = datetime(2026, 3, 2, 18, 0)  # 19:00 in Berlin (CET, UTC+1)
EVENING_CLAIM = datetime(2026, 3, 2, 17, 30)  # 18:30 in Berlin: a push that is itself in the evening
KEPT = (
    "users",
    "cards",
    "subscriptions",
    "card_states",
    "review_logs",
    "pending_prompts",
    "session_tallies",
    "push_log",
)


def _queue_pushes(db: Database) -> None:
    """Ana (reminders on) has today's push queued at 09:00 Berlin; Ben (reminders on, Berlin too) at 18:30;
    Cleo (reminders off) has one sent."""
    statements = [
        "UPDATE users SET timezone = 'Europe/Berlin', push_reminder = (external_id <> 'cleo')",
        "UPDATE push_schedule SET timezone = 'Europe/Berlin', next_push_at = :next",
        "UPDATE push_schedule SET queued_day = :today, queued_at = :now, queued_by = 'a-tick', queued_due = :now"
        " WHERE user_id = (SELECT id FROM users WHERE external_id = 'ana')",
        "UPDATE push_schedule SET queued_day = :today, queued_at = :evening, queued_by = 'a-tick',"
        " queued_due = :evening WHERE user_id = (SELECT id FROM users WHERE external_id = 'ben')",
        "INSERT INTO push_log (user_id, local_date, status, claimed_at, finished_at, rounds, closed)"
        " SELECT id, :today, 'sent', :now, :now, 0, false FROM users WHERE external_id = 'cleo'",
    ]
    values = {"now": NOW, "today": TODAY, "next": NEXT, "evening": EVENING_CLAIM}
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), values)


def _counts(db: Database) -> dict[str, int]:
    with db.engine.begin() as conn:
        return {table: conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0 for table in KEPT}


def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.begin() as conn:
        return [tuple(_plain(value) for value in row) for row in conn.execute(text(sql))]


def _plain(value: object) -> object:
    """A datetime as SQLite's driver gives it without the models' types (text) read back as a datetime."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        return datetime.fromisoformat(value)
    return value


async def test_down_to_0018_and_up_again_keeps_rows_pushes_and_reminders(engine: QuizEngine) -> None:
    db = engine.db
    for name in ("ana", "ben", "cleo"):
        chat = Chat(engine, name)
        await chat.send("/subscribe physics")
        await chat.send("/quiz")
        await chat.send("9.8")
    _queue_pushes(db)
    before = _counts(db)

    db.migrate_blocking("0018_queued_pushes", down=True)

    assert _rows(db, "SELECT external_id, next_push_at FROM users ORDER BY external_id") == [
        ("ana", NEXT),
        ("ben", NEXT),
        ("cleo", NEXT),
    ]
    queued = _rows(
        db,
        "SELECT u.external_id, p.status, p.claimed_at, p.queued_by, p.remind_at FROM push_log p"
        " JOIN users u ON u.id = p.user_id ORDER BY u.external_id",
    )
    assert queued == [
        ("ana", "queued", NOW, "a-tick", BERLIN_EVENING),  # as 0018 queued it: with its evening reminder
        ("ben", "queued", EVENING_CLAIM, "a-tick", None),  # queued in the evening: no reminder
        ("cleo", "sent", NOW, None, None),
    ]

    db.upgrade_blocking()

    assert _counts(db) == before
    assert _rows(
        db,
        "SELECT u.external_id, s.next_push_at, s.queued_day IS NOT NULL, s.queued_by FROM push_schedule s"
        " JOIN users u ON u.id = s.user_id ORDER BY u.external_id",
    ) == [("ana", NEXT, True, "a-tick"), ("ben", NEXT, True, "a-tick"), ("cleo", NEXT, False, None)]
