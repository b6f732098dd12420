"""Real OS processes pushing from one database: at the same time, and after a SIGKILL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from studybot.storage.db import Database
from studybot.storage.models import PushLog, User
from tests.conftest import REPO, load_test_decks
from tests.push.conftest import queued_pushes
from tests.push.crowd import seed_due_learners


def start_worker(url: str, log: Path, *options: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.push.worker", url, str(log), *options]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)


def finish_worker(process: subprocess.Popen[str]) -> dict[str, int]:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0
    report: dict[str, int] = json.loads(out.splitlines()[-1])
    return report


def statuses(db: Database) -> dict[str, str]:
    with db.transaction() as session:
        rows = session.execute(select(User.external_id, PushLog.status).join(PushLog, PushLog.user_id == User.id))
        return dict(rows.all())  # type: ignore[arg-type]


@pytest.mark.postgres
async def test_two_processes_ticking_at_once_push_5000_learners_exactly_once(pg_server: str, tmp_path: Path) -> None:
    url = _fresh_database(pg_server, "two_processes")
    db = Database(url)
    load_test_decks(db, datetime.now(UTC))
    names = seed_due_learners(db, 5000, datetime.now(UTC))
    log = tmp_path / "sent.txt"
    workers = [start_worker(url, log) for _ in range(2)]
    reports = [finish_worker(worker) for worker in workers]
    sent = Counter(log.read_text().split())
    assert sent == Counter(names)  # 5,000 lines, one per learner
    assert sum(report.get("sent", 0) for report in reports) == 5000
    assert all(report.get("sent", 0) > 0 for report in reports)  # both processes took a share
    assert Counter(statuses(db).values()) == {"sent": 5000}
    db.close_blocking()


async def test_a_process_killed_mid_fan_out_then_restarted_pushes_each_learner_at_most_once(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    load_test_decks(db, datetime.now(UTC))
    names = seed_due_learners(db, 300, datetime.now(UTC))
    log = tmp_path / "sent.txt"
    concurrency = 8
    victim = start_worker(db_url, log, "--concurrency", str(concurrency), "--delay", "0.05", "--hang-after", "60")
    _wait_for_lines(log, 60)
    _wait_for(lambda: list(statuses(db).values()).count("claimed") == concurrency)  # every slot mid-send
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    left = statuses(db)
    ambiguous = {name for name, status in left.items() if status == "claimed"}
    assert len(ambiguous) == concurrency  # the sends in flight at the kill, and no more
    assert len(queued_pushes(db)) > concurrency  # claimed ahead of the send slots, never begun

    # restarted a lease later (here: told the lease is over): it takes over the queue, and pushes the rest
    finish_worker(start_worker(db_url, log, "--concurrency", str(concurrency), "--lease", "0"))
    sent = Counter(log.read_text().split())
    assert max(sent.values()) == 1  # nobody twice
    missed = set(names) - set(sent)
    assert missed <= ambiguous  # a miss only among the in-flight sends, which are not retried
    final = statuses(db)
    assert len(final) == 300
    assert {final[name] for name in ambiguous} == {"claimed"}
    assert {final[name] for name in set(names) - ambiguous} == {"sent"}


def _wait_for(condition: Callable[[], bool]) -> None:
    for _ in range(3000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the worker never got there")


def _wait_for_lines(log: Path, count: int) -> None:
    for _ in range(6000):
        if log.exists() and len(log.read_text().split()) >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"the worker never sent {count} pushes")


def _fresh_database(server: str, name: str) -> str:
    admin_url = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE studybot_template')
    return f"{server}/{name}"
