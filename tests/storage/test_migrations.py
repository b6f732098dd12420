"""Upgrading a database that is in use keeps every learner's rows, whatever the migrations rebuild."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from studybot.storage.db import Database
from studybot.storage.migrate import alembic_config
from studybot.storage.models import Base

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).replace(tzinfo=None)
TABLES = ("users", "decks", "cards", "subscriptions", "card_states", "review_logs", "pending_prompts", "buried_cards")


def _fill_at_0002(db: Database) -> None:
    statements = [
        "INSERT INTO users (id, platform, external_id, display_name, timezone, push_time, new_per_day,"
        " desired_retention, paused, blocked, created_at)"
        " VALUES (1, 'telegram', '7', 'Ana', 'UTC', '09:00', 20, 0.9, false, false, :now)",
        "INSERT INTO decks (id, title, description, sources, content_hash, updated_at)"
        " VALUES ('d', 'D', '', '{}', 'h', :now)",
        "INSERT INTO cards (id, deck_id, key, kind, position, content, content_hash, retired)"
        " VALUES (1, 'd', 'c', 'short', 0, '{}', 'h', false)",
        "INSERT INTO subscriptions (user_id, deck_id, created_at, new_cursor) VALUES (1, 'd', :now, 1)",
        "INSERT INTO card_states (user_id, card_id, state, due, reps, lapses, suspended)"
        " VALUES (1, 1, 2, :now, 1, 0, false)",
        "INSERT INTO review_logs (user_id, card_id, nonce, rating, was_new, overridden, reviewed_at, platform)"
        " VALUES (1, 1, 'n', 3, true, false, :now, 'telegram')",
        "INSERT INTO pending_prompts (user_id, nonce, card_id, revealed, hint_used, shown_at, expires_at)"
        " VALUES (1, 'm', 1, false, false, :now, :now)",
        "INSERT INTO buried_cards (user_id, card_id, until) VALUES (1, 1, :now)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), {"now": NOW})


def test_upgrading_a_database_in_use_loses_no_row(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate_blocking("0002")
        db.migrate_blocking("0002", down=True)  # the PostgreSQL fixture starts at head
        _fill_at_0002(db)

        db.upgrade_blocking()

        with db.engine.begin() as conn:
            counts = {table: conn.scalar(text(f"SELECT count(*) FROM {table}")) for table in TABLES}
        assert counts == dict.fromkeys(TABLES, 1)
    finally:
        db.close_blocking()


def test_the_migrations_build_the_schema_the_models_describe(db_url: str) -> None:
    """Every table, column and index of the models is what `upgrade head` made (a partial index's condition is not
    compared: Alembic does not read it back)."""
    import studybot.engine.groups.tables  # noqa: F401 - the group tables join the models' metadata

    db = Database(db_url)
    try:
        db.upgrade_blocking()
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.close_blocking()


def test_a_url_with_a_percent_encoded_password_reaches_alembic_as_written() -> None:
    url = "postgresql+psycopg://ana:p%40ss%25word@db.example.org/studybot"  # "p@ss%word"
    assert alembic_config(url).get_main_option("sqlalchemy.url") == url
