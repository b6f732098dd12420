"""0003 adds hint counts: an open question that had a hint before it keeps counting one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from studybot.storage.db import Database

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).replace(tzinfo=None)


def test_a_hint_taken_before_the_upgrade_still_counts(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate_blocking("0002")
        db.migrate_blocking("0002", down=True)  # the PostgreSQL fixture starts from a database already at head
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, platform, external_id, display_name, timezone, push_time,"
                    " new_per_day, desired_retention, paused, blocked, created_at)"
                    " VALUES (1, 'console', 'ana', 'ana', 'UTC', '09:00', 20, 0.9, false, false, :now)"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO decks (id, title, description, sources, content_hash, updated_at)"
                    " VALUES ('d', 'D', '', '{}', 'h', :now)"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO cards (id, deck_id, key, kind, position, content, content_hash, retired)"
                    " VALUES (1, 'd', 'c', 'short', 0, '{}', 'h', false)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO pending_prompts (user_id, nonce, card_id, revealed, hint_used, shown_at,"
                    " expires_at) VALUES (1, 'n', 1, false, true, :now, :now)"
                ),
                {"now": NOW},
            )
        db.upgrade_blocking()
        with db.engine.begin() as conn:
            assert conn.scalar(text("SELECT hints FROM pending_prompts")) == 1
        db.migrate_blocking("0002", down=True)
        with db.engine.begin() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pending_prompts")) == 1
    finally:
        db.close_blocking()
