"""On PostgreSQL, studybot's connections plan a prepared statement once (the next-card query took ten times
longer to plan than to run), unless the database URL sets its own connection options."""

from __future__ import annotations

from sqlalchemy import text

from studybot.storage.db import Database


def plan_cache_mode(url: str) -> str:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return str(conn.execute(text("SHOW plan_cache_mode")).scalar())
    finally:
        db.close_blocking()


def test_prepared_statements_are_planned_once(pg_server: str) -> None:
    assert plan_cache_mode(f"{pg_server}/postgres") == "force_generic_plan"


def test_the_urls_own_options_win(pg_server: str) -> None:
    assert plan_cache_mode(f"{pg_server}/postgres?options=-c%20plan_cache_mode%3Dauto") == "auto"
