"""Configuration mistakes end with one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.test_cli import studybot
from tests.wording import same_lines


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fails_with(tmp_path: Path, args: list[str], line: str, env: dict[str, str] | None = None) -> str:
    """The one line on stderr; `…` in `line` stands for words that come from a library (libpq, SQLite)."""
    result = studybot(args, tmp_path, **(env or {}))
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert same_lines(result.stderr.splitlines(), [line]), result.stderr
    return result.stderr


@pytest.mark.parametrize("command", [["db", "upgrade"], ["chat"], ["import-deck", "decks"]])
def test_an_empty_db_option_is_an_error_not_the_default(tmp_path: Path, command: list[str]) -> None:
    line = "studybot: the database URL is empty: give one such as sqlite:///studybot.db"
    _fails_with(tmp_path, [*command, "--db", ""], line)
    assert list(tmp_path.iterdir()) == []  # no default database appeared


@pytest.mark.parametrize(
    ("url", "line"),
    [
        (
            "not a url",
            "studybot: the database URL is not a URL; expected e.g. sqlite:///studybot.db or "
            "postgresql+psycopg://user@host/dbname",
        ),
        (
            "mysql+nope://x/y",
            "studybot: unusable database URL mysql+nope://x/y: Can't load plugin: sqlalchemy.dialects:mysql.nope",
        ),
        (
            "oracle2://x/y",
            "studybot: unusable database URL oracle2://x/y: Can't load plugin: sqlalchemy.dialects:oracle2",
        ),
    ],
)
def test_malformed_or_unknown_urls(tmp_path: Path, url: str, line: str) -> None:
    _fails_with(tmp_path, ["db", "upgrade", "--db", url], line)


@pytest.mark.parametrize("query", ["?connect_timeout=soon", "?sslmode=disable&frobnicate=1"])
def test_a_connection_parameter_the_driver_refuses(tmp_path: Path, query: str) -> None:
    """A typo in the URL's query is refused by psycopg before it connects: one line naming the database."""
    url = f"postgresql+psycopg://ana:s3cret@127.0.0.1:{_closed_port()}/studybot{query}"
    said = _fails_with(tmp_path, ["db", "upgrade", "--db", url], "studybot: cannot use the database postgresql…: …")
    assert "s3cret" not in said


def test_a_sqlite_parameter_the_driver_refuses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}?timeout=soon"
    _fails_with(tmp_path, ["chat", "--db", url], f"studybot: unusable database URL {url}: …")


def test_a_server_that_is_down_and_the_password_is_not_shown(tmp_path: Path) -> None:
    port = _closed_port()
    url = f"postgresql+psycopg://ana:s3cret@127.0.0.1:{port}/studybot"
    said = _fails_with(
        tmp_path,
        ["import-deck", "decks", "--db", url],
        f"studybot: cannot use the database postgresql+psycopg://ana:***@127.0.0.1:{port}/studybot: …",
    )
    assert "s3cret" not in said


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping list\n" * 100)
    _fails_with(
        tmp_path,
        ["chat", "--db", f"sqlite:///{tmp_path / 'notes.db'}"],
        f"studybot: cannot use the database sqlite:///{tmp_path / 'notes.db'}: file is not a database "
        "(the file exists but is not SQLite)",
    )
    assert (tmp_path / "notes.db").read_text() == "shopping list\n" * 100


def test_a_read_only_database(tmp_path: Path) -> None:
    """Opened read-only (root ignores file modes, so the URI says so); the first migration must write."""
    sqlite3.connect(tmp_path / "ro.db").close()
    url = f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true"
    result = studybot(["db", "upgrade", "--db", url], tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith(": attempt to write a readonly database (the file or its folder is read-only)\n")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes files whatever their mode")
def test_a_read_only_file(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "ro.db").close()
    (tmp_path / "ro.db").chmod(0o444)
    result = studybot(["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'ro.db'}"], tmp_path)
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1)
    assert "read-only" in result.stderr


def test_a_directory_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")
    _fails_with(
        tmp_path,
        ["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'taken' / 'sub' / 'bot.db'}"],
        f"studybot: cannot create {tmp_path / 'taken' / 'sub'} for the SQLite database: not a directory",
    )
    _fails_with(
        tmp_path,
        ["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'taken' / 'bot.db'}"],
        f"studybot: cannot create {tmp_path / 'taken'} for the SQLite database: a file is in the way",
    )


def test_a_directory_as_the_database_file(tmp_path: Path) -> None:
    _fails_with(
        tmp_path,
        ["db", "upgrade", "--db", f"sqlite:///{tmp_path}"],
        f"studybot: cannot use the database sqlite:///{tmp_path}: … "
        "(is the path a directory, or is its folder not writable?)",
    )


def test_bad_settings_in_the_environment(tmp_path: Path) -> None:
    _fails_with(
        tmp_path,
        ["db", "upgrade"],
        "studybot: bad settings: STUDYBOT_DEFAULT_TIMEZONE: unknown timezone 'Mars'",
        env={"STUDYBOT_DEFAULT_TIMEZONE": "Mars"},
    )


def test_help_documents_the_exit_status(tmp_path: Path) -> None:
    result = studybot(["--help"], tmp_path)
    assert "exit status:\n  0  success\n  1  bad data" in result.stdout
    assert "\n  2  bad configuration or usage" in result.stdout


def test_a_password_given_in_the_url_query_is_not_shown_either(tmp_path: Path) -> None:
    """libpq also reads the password from the query (`?password=`), as some hosting providers' URLs give it."""
    port = _closed_port()
    url = f"postgresql+psycopg://ana@127.0.0.1:{port}/studybot?sslmode=disable&password=s3cret"
    said = _fails_with(
        tmp_path,
        ["db", "upgrade", "--db", url],
        f"studybot: cannot use the database postgresql+psycopg://ana@127.0.0.1:{port}/studybot?…: …",
    )
    assert "s3cret" not in said
    assert "sslmode=disable" in said


def test_a_dot_env_that_is_not_utf8(tmp_path: Path) -> None:
    """Saved as UTF-16 by a Windows editor: one line that names the file, and the token is not shown."""
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123456:AAsecret-token\n", encoding="utf-16")
    said = _fails_with(tmp_path, ["db", "upgrade"], "studybot: cannot read .env: not UTF-8 text …")
    assert "secret" not in said


def test_a_check_across_two_settings_names_them_in_its_own_words(tmp_path: Path) -> None:
    _fails_with(
        tmp_path,
        ["db", "upgrade"],
        "studybot: bad settings: STUDYBOT_DISCORD_SHARD_IDS needs STUDYBOT_DISCORD_SHARD_COUNT "
        "(the shards of all processes)",
        env={"STUDYBOT_DISCORD_SHARD_IDS": "0,1"},
    )


@pytest.mark.parametrize(
    ("where", "fix"),
    [
        ("nobody:s3cret@{host}/postgres", "create that user, or correct the user name in the database URL"),
        ("postgres:s3cret@{host}/no_such_db", "create that database, or correct its name in the database URL"),
    ],
)
def test_run_reports_a_login_the_server_refuses_at_once(tmp_path: Path, pg_server: str, where: str, fix: str) -> None:
    """A server that is up and says no to this user or database will say no again: `run` does not wait two
    minutes for it (as for a server still starting) but says at once what to fix, without the password."""
    host = pg_server.rpartition("@")[2]
    url = f"postgresql+psycopg://{where.format(host=host)}"
    said = _fails_with(
        tmp_path,
        ["run", "telegram"],
        f"studybot: cannot use the database {url.replace(':s3cret', ':***')}: … ({fix})",
        env={"STUDYBOT_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "123456:AAsecret-token"},
    )
    assert "s3cret" not in said
    assert "trying again" not in said
