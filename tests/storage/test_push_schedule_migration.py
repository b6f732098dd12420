"""Migration 0019 moves each learner's next push, and a push queued but not begun, to `push_schedule`, and back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text

from studybot.storage.db import Database

NOW = datetime(2026, 3, 2, 9, 0)
NEXT = datetime(2026, 3, 3, 9, 0)
TODAY = date(2026, 3, 2)
BEFORE, THEN = date(2026, 2, 27), datetime(2026, 2, 27, 9, 0)  # a push a process queued, then stopped


def _fill_at_0018(db: Database) -> None:
    statements = [
        "INSERT INTO users (id, platform, external_id, display_name, timezone, push_time, new_per_day,"
        " desired_retention, paused, blocked, created_at, next_push_at)"
        " VALUES (1, 'telegram', '7', 'Ana', 'Europe/Berlin', '10:00', 20, 0.9, false, false, :now, :next),"
        " (2, 'discord', '8', 'Ben', 'UTC', '09:00', 20, 0.9, true, false, :now, NULL)",
        "INSERT INTO push_log (user_id, local_date, status, claimed_at, queued_by, rounds, closed)"
        " VALUES (1, :today, 'queued', :now, 'a-tick', 0, false), (2, :today, 'sent', :now, NULL, 0, false),"
        " (1, :before, 'queued', :then, 'a-stopped-tick', 0, false)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), {"now": NOW, "next": NEXT, "today": TODAY, "before": BEFORE, "then": THEN})


def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.begin() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_next_pushes_and_queued_pushes_move_to_the_schedule_and_back(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate_blocking("0018")
        db.migrate_blocking("0018", down=True)  # the PostgreSQL fixture starts at head
        _fill_at_0018(db)

        db.upgrade_blocking()

        schedule = _rows(
            db,
            "SELECT user_id, platform, push_time, timezone, next_push_at, queued_day, queued_at, queued_by"
            " FROM push_schedule ORDER BY user_id",
        )
        assert [row[:4] for row in schedule] == [
            (1, "telegram", "10:00", "Europe/Berlin"),
            (2, "discord", "09:00", "UTC"),
        ]
        assert [_plain(row[4:]) for row in schedule] == [
            (NEXT, TODAY, NOW, "a-tick"),  # still queued by the tick that queued it, taken over after the lease
            (None, None, None, None),
        ]
        assert _rows(db, "SELECT user_id, status FROM push_log ORDER BY user_id") == [
            (1, "failed"),  # the older one queued: given up, as 0018 would have
            (2, "sent"),
        ]  # only pushes begun, or ended

        db.migrate_blocking("0018", down=True)

        assert _rows(db, "SELECT id, next_push_at FROM users ORDER BY id") in (
            [(1, NEXT), (2, None)],
            [(1, str(NEXT)), (2, None)],  # SQLite without the models' types
        )
        assert _rows(db, "SELECT user_id, status, queued_by FROM push_log ORDER BY user_id, status") == [
            (1, "failed", None),
            (1, "queued", "a-tick"),
            (2, "sent", None),
        ]
    finally:
        db.close_blocking()


def _plain(values: tuple[object, ...]) -> tuple[object, ...]:
    """Dates and datetimes as the driver gave them (SQLite: text), read back as Python values."""
    out: list[object] = []
    for value in values:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            value = date.fromisoformat(value)
        elif isinstance(value, str) and value[:4].isdigit() and "-" in value:
            value = datetime.fromisoformat(value)
        out.append(value)
    return tuple(out)
