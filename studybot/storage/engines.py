"""The SQLAlchemy engine for a database URL: sync drivers for the async names a URL may give, SQLite's
pragmas and write-lock-at-BEGIN, PostgreSQL's generic plans and dead-connection check, pool sizes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from select import select as select_socket
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError
from sqlalchemy.orm import Session

from studybot.errors import ConfigError

SQLITE_BUSY_TIMEOUT_S = 10.0
WORKERS = 4  # SQLite: read-only work (writes: writer.py); measured on 2 cores, 4 beat 2 and 8
# PostgreSQL: a thread spends most of a transaction waiting for the server, so threads (and pooled
# connections) are sized for transactions in flight, not cores: 20 learners at once, 16 answered 1.2x as
# many per second as 4 (benchmarks/bench_answers.py), with less CPU per answer.
POSTGRES_WORKERS = 16
READ_ONLY = "studybot_read_only"  # an execution option: the transaction only reads (see is_read_only)
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"  # PostgreSQL: prepared statements are planned once

# Async driver names are accepted in URLs (the documented default is sqlite+aiosqlite) and mapped to
# the synchronous driver of the same database.
_SECRET_PARAMS = {"password", "sslpassword"}  # libpq connection parameters that are secrets
_SYNC_DRIVERS = {"sqlite+aiosqlite": "sqlite+pysqlite", "postgresql+asyncpg": "postgresql+psycopg"}


def sync_url(url: str) -> str:
    parsed = _parse_url(url)
    driver = _SYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    if driver == "postgresql":
        driver = "postgresql+psycopg"
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return _parse_url(url).get_backend_name() == "sqlite"


def workers_for(url: str) -> int:
    """Storage threads for the database at `url`, and connections in its pool."""
    return WORKERS if is_sqlite(sync_url(url)) else POSTGRES_WORKERS


def _parse_url(url: str) -> URL:
    if not url.strip():
        raise ConfigError("the database URL is empty: give one such as sqlite:///studybot.db")
    try:
        return make_url(url)
    except ArgumentError:
        raise ConfigError(
            "the database URL is not a URL; expected e.g. sqlite:///studybot.db or "
            "postgresql+psycopg://user@host/dbname"
        ) from None


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    """WAL, busy timeout, foreign keys, and BEGIN IMMEDIATE for every transaction that may write.

    pysqlite's own BEGIN is deferred: two read-then-write transactions can both read before either
    writes, and one update is lost (or fails with "database is locked"). Taking the write lock at
    BEGIN serialises writers instead; WAL keeps readers of other connections unblocked. Read-only
    work (the READ_ONLY execution option) begins a deferred transaction and never takes the lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # sent on the driver's connection: through exec_driver_sql it cost a third of a short transaction
        sql = "BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        try:
            conn.connection.dbapi_connection.execute(sql)  # type: ignore[union-attr]
        except sqlite3.Error as exc:  # "database is locked" after the busy timeout: read as SQLAlchemy's would be
            raise DBAPIError.instance(sql, (), exc, sqlite3.Error) from exc


def make_engine(url: str, *, busy_timeout: float = SQLITE_BUSY_TIMEOUT_S, **kwargs: Any) -> Engine:
    """The engine for `url`; ConfigError (one line) when the URL names nothing we can use."""
    url = sync_url(url)
    try:
        if is_sqlite(url):
            url = _home_expanded(url)
            _ensure_sqlite_dir(url)
            kwargs.setdefault("connect_args", {}).update(check_same_thread=False, timeout=busy_timeout)
            kwargs.setdefault("pool_size", WORKERS)
            engine = create_engine(url, **kwargs)
            _configure_sqlite(engine, busy_timeout)
            return engine
        kwargs.setdefault("pool_size", POSTGRES_WORKERS)
        if "options" not in make_url(url).query:  # see docs/operations.md: planning cost more than running
            kwargs.setdefault("connect_args", {}).setdefault("options", GENERIC_PLANS)
        engine = create_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            event.listen(engine, "checkout", _drop_if_closed_by_server)
        return engine
    except (ArgumentError, NoSuchModuleError, ImportError, TypeError, ValueError) as exc:  # last two: ?timeout=soon
        raise ConfigError(f"unusable database URL {safe_url(url)}: {exc}") from None


def _drop_if_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection the server has closed (a restart, an idle timeout, a terminated backend)
    has a readable socket: its goodbye, or the end of the stream. Raising DisconnectionError makes the pool
    drop it and open another. SQLAlchemy's pre-ping found the same with a round trip on every transaction."""
    if dbapi_connection.closed:
        raise DisconnectionError("the connection is closed")
    readable, _, _ = select_socket([dbapi_connection.fileno()], [], [], 0)
    if readable:
        raise DisconnectionError("the server closed the connection")


def safe_url(url: str) -> str:
    """`url` fit for a message: its password hidden, also one given in the query (libpq reads `?password=`)."""
    parsed = make_url(url)
    hidden = {key: "***" for key in parsed.query if key.lower() in _SECRET_PARAMS}
    shown = str(parsed.update_query_dict(hidden).render_as_string(hide_password=True))
    return shown.replace("=%2A%2A%2A", "=***")  # as the password before the host is shown


def _home_expanded(url: str) -> str:
    """sqlite:///~/study.db as the shell would read it: SQLite itself opens a folder named "~" in the working
    directory."""
    parsed = make_url(url)
    if not parsed.database or not parsed.database.startswith("~"):
        return url
    return parsed.set(database=str(Path(parsed.database).expanduser())).render_as_string(hide_password=False)


def _ensure_sqlite_dir(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise ConfigError(f"cannot create {folder} for the SQLite database: a file is in the way") from None
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise ConfigError(f"cannot create {folder} for the SQLite database: {reason}") from None


def is_read_only(session: Session) -> bool:
    """The session runs a read-only transaction (Database.run(…, read_only=True)): it must not write."""
    return bool(session.get_bind().get_execution_options().get(READ_ONLY))
