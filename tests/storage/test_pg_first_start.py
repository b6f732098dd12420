"""Six processes starting at once on an empty PostgreSQL database: migrations and the bundled-deck
import happen once, under an advisory lock, and every process starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.conftest import REPO

PROCESSES = 6


def test_six_first_starts_at_once_all_succeed(pg_server: str, tmp_path: Path) -> None:
    admin = pg_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS first_start WITH (FORCE)")
        conn.execute("CREATE DATABASE first_start")
    url = f"{pg_server}/first_start"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    env["STUDYBOT_DECKS_DIR"] = str(REPO / "decks")
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "studybot", "chat", "--user", f"u{i}", "--db", url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        for i in range(PROCESSES)
    ]
    results = [process.communicate("/stats\n", timeout=180) for process in starts]
    for process, (out, err) in zip(starts, results, strict=True):
        assert (process.returncode, err) == (0, ""), err
        assert "You are subscribed to 14 decks." in out
    with psycopg.connect(f"{admin}/first_start") as conn:
        decks = conn.execute("SELECT count(*) FROM decks").fetchone()
        versions = conn.execute("SELECT count(*) FROM alembic_version").fetchone()
        subscriptions = conn.execute("SELECT count(*) FROM subscriptions").fetchone()
    assert (decks, versions, subscriptions) == ((14,), (1,), (14 * PROCESSES,))
