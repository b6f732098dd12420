"""Telling database errors apart: busy (wait and say so), retry-able, down, or a configuration mistake."""

from __future__ import annotations

import re

from sqlalchemy.exc import DatabaseError, DBAPIError, InterfaceError, OperationalError

from studybot.errors import ConfigError

# PostgreSQL: serialization_failure, deadlock_detected. Both roll the transaction back; running it again is safe.
_RETRYABLE = {"40001", "40P01"}
_DISK_FULL = "53100"


class StorageBusy(Exception):
    """The database stayed locked by another writer past the busy timeout."""


class StorageUnavailable(Exception):
    """The database cannot be reached (server down, connection lost)."""


class StorageFull(StorageUnavailable):
    """The database's disk is full: the transaction was rolled back; what was committed before stays."""


def is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database is busy" in text)


def is_retryable(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RETRYABLE


def is_full(exc: DBAPIError) -> bool:
    """SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100)."""
    return getattr(exc.orig, "sqlstate", None) == _DISK_FULL or "database or disk is full" in str(exc.orig).lower()


def is_unavailable(exc: DBAPIError) -> bool:
    """Connection lost, server down, disk full or read-only: nothing the learner's input caused."""
    return isinstance(exc, OperationalError | InterfaceError) and not is_busy(exc)


def as_config_error(exc: DBAPIError, where: str) -> ConfigError | None:
    """A one-line ConfigError when `exc` says the database cannot be used at all; None for other errors."""
    if not isinstance(exc, OperationalError | InterfaceError) and type(exc) is not DatabaseError:
        return None
    return connect_error(exc, where)


class DatabaseUnreachable(ConfigError):
    """Connecting to a database server failed before a session began (refused, unresolved, or the server still
    starting: libpq gives all of these no SQLSTATE). At boot the server may not be up yet: worth a wait. A server
    that refuses this login or database is not this (see `_REFUSALS`): waiting would not change its answer."""


def connect_error(exc: Exception, where: str) -> ConfigError:
    """Connecting failed: whatever the driver said (a server down, a parameter it refuses), one line."""
    said = exc.orig if isinstance(exc, DBAPIError) else exc
    first = str(said).strip().splitlines()[0].strip() if str(said).strip() else type(said).__name__
    refusal = _refusal(first)
    unreachable = isinstance(exc, OperationalError) and _no_sqlstate(said) and refusal is None
    kind = DatabaseUnreachable if unreachable else ConfigError
    return kind(f"cannot use the database {where}: {first}{refusal or _HINTS.get(first, '')}")


# The server is up and refuses this login or database: it will refuse it again, so it is not waited for. libpq
# gives these no SQLSTATE either (psycopg 3.3 with libpq 18: `sqlstate` and `diag` are None, although the server
# sends 28P01, 28000, 3D000 on the wire; psycopg/psycopg#1188), only the server's words. They are English unless
# the server's lc_messages says otherwise; `options=-c lc_messages=C` in the URL does not help, since it applies
# only after the login succeeded. In another language they are waited for like a server that is down, then
# reported the same way. (libpq's `used_password` is no way out: a login that passed its password can still be
# turned away for a while, e.g. "remaining connection slots are reserved", 53300.)
_REFUSALS = (
    (
        re.compile(r"password authentication failed|no password supplied"),
        "check the user name and password in the database URL",
    ),
    (re.compile(r'role "[^"]*" does not exist'), "create that user, or correct the user name in the database URL"),
    (re.compile(r'database "[^"]*" does not exist'), "create that database, or correct its name in the database URL"),
    (re.compile(r"pg_hba\.conf"), "let this user in from this host in the server's pg_hba.conf"),
    (re.compile(r"permission denied for database"), "GRANT CONNECT on that database to this user"),
)


def _refusal(said: str) -> str | None:
    return next((f" ({fix})" for words, fix in _REFUSALS if words.search(said)), None)


def _no_sqlstate(error: object) -> bool:
    """psycopg's connection failures carry `sqlstate = None`; SQLite's errors have no such attribute."""
    return hasattr(error, "sqlstate") and error.sqlstate is None


_HINTS = {
    "unable to open database file": " (is the path a directory, or is its folder not writable?)",
    "file is not a database": " (the file exists but is not SQLite)",
    "attempt to write a readonly database": " (the file or its folder is read-only)",
    "database is locked": " (another process holds its write lock, e.g. a long import: try again when it is done)",
}
