"""0009 adds cram: earlier reviews are scheduled ones; going back down drops only the cram reviews."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from studybot.storage.db import Database

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).replace(tzinfo=None)
ROWS = (
    "INSERT INTO users (id, platform, external_id, display_name, timezone, push_time, new_per_day,"
    " desired_retention, paused, blocked, created_at) VALUES (1, 'console', 'ana', 'ana', 'UTC', '09:00', 20,"
    " 0.9, false, false, :now)",
    "INSERT INTO decks (id, title, description, sources, content_hash, updated_at)"
    " VALUES ('d', 'D', '', '{}', 'h', :now)",
    "INSERT INTO cards (id, deck_id, key, kind, position, content, content_hash, retired)"
    " VALUES (1, 'd', 'c', 'short', 0, '{}', 'h', false)",
    "INSERT INTO review_logs (user_id, card_id, nonce, rating, was_new, overridden, reviewed_at, platform)"
    " VALUES (1, 1, 'n', 1, true, false, :now, 'console')",
)


def test_reviews_before_the_upgrade_are_scheduled_and_a_downgrade_drops_only_cram(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate_blocking("0008_native_polls")
        db.migrate_blocking("0008_native_polls", down=True)  # the PostgreSQL fixture starts at head
        with db.engine.begin() as conn:
            for row in ROWS:
                conn.execute(text(row), {"now": NOW})

        db.upgrade_blocking()
        with db.engine.begin() as conn:
            assert conn.scalar(text("SELECT count(*) FROM review_logs WHERE cram")) == 0
            conn.execute(
                text(
                    "INSERT INTO review_logs (user_id, card_id, nonce, rating, was_new, overridden, reviewed_at,"
                    " platform, cram) VALUES (1, 1, 'c', 3, false, false, :now, 'console', true)"
                ),
                {"now": NOW},
            )
        db.migrate_blocking("0008_native_polls", down=True)

        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT nonce FROM review_logs")).scalars().all() == ["n"]
    finally:
        db.close_blocking()
