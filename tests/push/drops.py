"""The database going away under a running push ticker, just after a chosen statement's transaction committed,
on each backend as it really happens: a file database is locked by another process (a long
`studybot import-deck`, a backup) until `back()`; a PostgreSQL server (restarting, or failing over) ends the
connection of each transaction as it begins, until `back()`, when the pool connects afresh."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from studybot.storage.db import Database
from tests.storage.test_busy_sqlite import write_lock_held_by_another_process

Marks = Callable[[str], bool]  # picks the statement (its SQL text) whose transaction's commit the outage follows


class Drop:
    """A context manager: armed on entry, over (the database back) on exit or at `back()`."""

    def __init__(self, db: Database, after: Marks) -> None:
        self.db, self.after = db, after
        self.marked = False  # the statement ran: the outage comes with its transaction's commit
        self.ending = False  # PostgreSQL: each transaction's connection is ended as it begins
        self._lock = contextlib.ExitStack()
        self._listeners: list[tuple[Any, str, Callable[..., None]]] = [
            (db.engine, "after_cursor_execute", self._mark),
            (Session, "after_commit", self._committed),
            (db.engine, "begin", self._end_connection),
        ]

    def __enter__(self) -> Drop:
        for target, name, listener in self._listeners:
            event.listen(target, name, listener)
        return self

    def __exit__(self, *_: object) -> None:
        self.back()
        for target, name, listener in self._listeners:
            event.remove(target, name, listener)

    def back(self) -> None:
        """The database is back (its listeners stay until the end: a worker thread may be running them)."""
        self.after = lambda _statement: False
        self.marked = self.ending = False
        self._lock.close()

    def _mark(self, _conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        self.marked = self.marked or self.after(statement)

    def _committed(self, _session: Session) -> None:
        if not self.marked:
            return
        self.marked, self.after = False, lambda _statement: False  # once
        if self.db.is_sqlite:
            database = self.db.engine.url.database
            assert database is not None
            self._lock.enter_context(write_lock_held_by_another_process(Path(database)))
        else:
            self.ending = True

    def _end_connection(self, conn: Connection) -> None:
        if not self.ending:
            return
        driver = conn.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        url = self.db.engine.url.set(drivername="postgresql", database="postgres")
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [driver.info.backend_pid])
