"""The `studybot` command as a user runs it: real processes, real SQLite files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

TOKENS = ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN")


def studybot(args: list[str], cwd: Path, stdin: str = "", **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in TOKENS and not k.startswith("STUDYBOT_")}
    env["STUDYBOT_DECKS_DIR"] = str(REPO / "decks")
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", "studybot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_piped_chat_lists_decks_asks_gives_feedback_and_stats_and_progress_persists(tmp_path: Path) -> None:
    db = ["--db", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"]
    first = studybot(["chat", "--user", "ana", *db], tmp_path, "/decks\n/quiz\n1\n/stats\n")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "You are subscribed to 14 decks." in out
    assert "* gc-tricolor — Go GC: tri-colour marking" in out
    assert "Answer with a number." in out
    assert ("✓ Correct." in out) or ("✗ Not quite. The answer is:" in out)
    assert "Why: " in out
    assert "Source: " in out
    assert "Reviewed today: 1 · new today: 1 of 20" in out

    second = studybot(["chat", "--user", "ana", *db], tmp_path, "/stats\n")
    assert "Reviewed today: 1 · new today: 1 of 20" in second.stdout
    assert "You are subscribed" not in second.stdout  # already subscribed: nothing to add

    ben = studybot(["chat", "--user", "ben", *db], tmp_path, "/stats\n")
    assert "You are subscribed to 14 decks." in ben.stdout
    assert "Reviewed today: 0 · new today: 0 of 20" in ben.stdout


def test_import_deck_reports_changes_and_dry_run(tmp_path: Path) -> None:
    db = ["--db", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"]
    dry = studybot(["import-deck", str(DATA), "--dry-run", *db], tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "chemistry: 3 added, 0 updated, 0 unchanged, 0 retired",
        "physics: 5 added, 0 updated, 0 unchanged, 0 retired",
        "(dry run: nothing was written)",
    ]
    real = studybot(["import-deck", str(DATA), *db], tmp_path)
    assert real.stdout.splitlines()[-1] == "Imported 2 decks."
    again = studybot(["import-deck", str(DATA / "physics.yaml"), *db], tmp_path)
    assert again.stdout.splitlines()[0] == "physics: 0 added, 0 updated, 5 unchanged, 0 retired"


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_a_malformed_deck_changes_nothing_and_says_where(tmp_path: Path) -> None:
    db_file = tmp_path / "bot.db"
    db = ["--db", f"sqlite+aiosqlite:///{db_file}"]
    assert studybot(["import-deck", str(DATA / "physics.yaml"), *db], tmp_path).returncode == 0
    before = _dump(db_file)
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(DATA / "chemistry.yaml", decks / "chemistry.yaml")
    broken = (DATA / "physics.yaml").read_text().replace('answer: "300,000 km/s"', "answer: 42")
    (decks / "physics.yaml").write_text(broken)

    result = studybot(["import-deck", str(decks), *db], tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{decks / 'physics.yaml'}:17: card 'speed-of-light': answer '42' is not one of its choices",
        "1 problem; nothing was imported.",
    ]
    assert _dump(db_file) == before


def test_a_csv_given_to_import_deck_is_pointed_to_import_in_a_chat(tmp_path: Path) -> None:
    cards = tmp_path / "my cards.csv"
    cards.write_text("front,back\nWhat is 2+2?,4\n")
    result = studybot(["import-deck", str(cards), "--db", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{cards}: import-deck reads YAML deck files; a CSV, text or Anki file is a learner's own deck: "
        "send it to the bot in a chat, or /import it in `studybot chat`"
    )


def test_run_without_a_token_names_the_variables(tmp_path: Path) -> None:
    result = studybot(["run"], tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "DISCORD_BOT_TOKEN" in result.stderr


def test_db_upgrade(tmp_path: Path) -> None:
    result = studybot(["db", "upgrade", "--db", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "Database is at the latest schema."


def test_bytes_that_are_not_utf8_from_the_terminal_get_replies(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in TOKENS and not k.startswith("STUDYBOT_")}
    env["STUDYBOT_DECKS_DIR"] = str(REPO / "decks")
    result = subprocess.run(
        [sys.executable, "-m", "studybot", "chat", "--db", f"sqlite:///{tmp_path / 'bot.db'}"],
        input=b"/quiz\n\xff\xfe\xc3\n/settings new \xe2\x9d\n/settings time 1\xd9\xa9:0\xd9\xa5\n\x00\n/stats\n",
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    out = result.stdout.decode()
    assert "Error: That is not one of the choices: choose 1–4 (or a–d)." in out
    assert "Error: New cards per day is a whole number from 0 to 500." in out
    assert "Error: The push time is HH:MM in 24-hour time, e.g. 08:30." in out
    assert "Reviewed today: 0" in out


def test_a_first_chat_that_cannot_load_its_decks_leaves_no_database_behind(tmp_path: Path) -> None:
    db_file = tmp_path / "bot.db"
    missing = str(tmp_path / "no-such-decks")

    result = studybot(["chat", "--db", f"sqlite+aiosqlite:///{db_file}"], tmp_path, STUDYBOT_DECKS_DIR=missing)

    assert result.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_chat_without_a_decks_setting_uses_the_decks_shipped_in_the_package(tmp_path: Path) -> None:
    db = ["--db", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"]
    result = studybot(["chat", *db], tmp_path, "/decks\n", STUDYBOT_DECKS_DIR="")
    assert result.returncode == 0, result.stderr
    assert "You are subscribed to 14 decks." in result.stdout


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "ana\x1b[2J"])
def test_a_learner_name_that_cannot_be_kept_is_refused_before_the_chat_starts(tmp_path: Path, name: str) -> None:
    """Such a name used to open a chat that answered every line with an error, then said progress was saved."""
    db_file = tmp_path / "bot.db"
    result = studybot(["chat", "--user", name, "--db", f"sqlite:///{db_file}"], tmp_path, "/quiz\n1\n")
    assert (result.returncode, result.stdout) == (2, "")
    assert "argument --user: a learner name is 1 to 64 printable characters" in result.stderr
    assert not db_file.exists()


def test_spaces_around_a_learner_name_are_the_same_learner(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'bot.db'}"]
    studybot(["chat", "--user", "ana", *db], tmp_path, "/quiz\n1\n")
    again = studybot(["chat", "--user", " ana ", *db], tmp_path, "/stats\n")
    assert "Reviewed today: 1" in again.stdout
