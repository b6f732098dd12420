"""Sessions, transactions and the threads they run in (the engine itself: storage/engines.py). Nothing
connects until a caller runs work.

Storage work runs as plain synchronous SQLAlchemy in a small thread pool, one hop per engine call:
`await db.run(fn)` calls `fn(session)` in a worker thread inside one transaction (SQLite's writes: in
one writer thread, in batches, see storage/writer.py). Measured on this
project's queries, a statement costs 0.12 ms of CPU this way against 0.47 ms through the asyncio
extension (a greenlet switch and an aiosqlite thread hop per statement), so the event loop stays
free and an answer costs a few milliseconds instead of twenty.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from studybot.storage.dberrors import (
    StorageBusy,
    StorageFull,
    StorageUnavailable,
    as_config_error,
    connect_error,
    is_busy,
    is_full,
    is_retryable,
    is_unavailable,
)
from studybot.storage.engines import READ_ONLY, make_engine, safe_url, workers_for
from studybot.storage.writer import BatchedWriter

RETRIES = 3  # PostgreSQL deadlocks and serialization failures: the whole transaction is run again
# SQLite's busy handler retries a waiting writer at most every 100 ms, and its lock is not fair: a
# process writing step after step would win every race. A pause this long between steps lets one in.
SQLITE_WRITER_GAP_S = 0.1
SETUP_LOCK = 0x5354_5544  # PostgreSQL advisory lock key for migrations and the first import
T = TypeVar("T")
log = logging.getLogger(__name__)


def lock_for_setup(conn: Connection) -> None:
    """Hold PostgreSQL's setup advisory lock until this transaction ends (no-op on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(SETUP_LOCK)))


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite migrations rebuild a table to alter it (copy, drop, rename), and dropping a table that others
    reference with ON DELETE CASCADE would delete their rows: every learner's history. The pragma only
    takes effect outside a transaction, so it is set on the driver connection before BEGIN."""
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


class Database:
    """One engine, its sessions, and the threads that run storage work off the event loop."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        reader_options: dict[str, Any] = {READ_ONLY: True}
        if self.engine.dialect.name == "postgresql":
            reader_options["postgresql_readonly"] = True
        self._readers = sessionmaker(self.engine.execution_options(**reader_options), expire_on_commit=False)
        self._threads = ThreadPoolExecutor(max_workers=workers_for(url), thread_name_prefix="studybot-db")
        self._writer = BatchedWriter("studybot-db-writer") if self.is_sqlite else None  # see storage/writer.py
        # SQLite lets one writer in at a time and makes the others sleep in its busy handler (1, 2, 5, 10 …
        # ms, not woken when the lock frees); our own writer threads queue on a lock instead. Other
        # processes still meet the busy handler.
        self._writers: AbstractContextManager[Any] = threading.RLock() if self.is_sqlite else nullcontext()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error. Blocking."""
        if read_only:
            with self._readers() as session, session.begin():
                yield session
            return
        with self._writers, self._sessions() as session, session.begin():
            yield session

    async def run(self, work: Callable[[Session], T], *, read_only: bool = False) -> T:
        """`work(session)` in a worker thread, in one transaction. `read_only` work takes no write lock.

        Raises StorageBusy when the database stayed locked past the busy timeout, StorageUnavailable
        when it cannot be reached."""
        job = partial(self.run_blocking, work, read_only=read_only)
        if self._writer is not None and not read_only:
            return await self._writer.submit(job)
        return await asyncio.get_running_loop().run_in_executor(self._threads, job)

    def run_blocking(self, work: Callable[[Session], T], *, read_only: bool = False) -> T:
        for attempt in range(RETRIES):
            try:
                with self.transaction(read_only=read_only) as session:
                    return work(session)
            except DBAPIError as exc:
                if is_retryable(exc) and attempt + 1 < RETRIES:
                    continue
                if is_busy(exc):
                    raise StorageBusy(str(exc.orig)) from exc
                if is_full(exc):
                    log.error("storage: the database's disk is full; nothing more is saved until space is freed")
                    raise StorageFull(str(exc.orig)) from exc
                if is_unavailable(exc):
                    raise StorageUnavailable(str(exc.orig)) from exc
                raise
        raise AssertionError("unreachable")

    async def let_writers_in(self) -> None:
        """Between the steps of a long write (an import), give other processes' writers their turn."""
        if self.is_sqlite:
            await asyncio.sleep(SQLITE_WRITER_GAP_S)

    @contextmanager
    def setup_lock(self) -> Iterator[Session]:
        """A write transaction that holds the setup lock (migrations, the bundled-deck import): on
        PostgreSQL an advisory lock, so processes starting at once take turns; SQLite's BEGIN IMMEDIATE
        already serialises writers. Blocking."""
        with self.transaction() as session:
            lock_for_setup(session.connection())
            yield session

    async def upgrade(self) -> None:
        """Apply Alembic migrations up to head; ConfigError when the database cannot be used."""
        await asyncio.get_running_loop().run_in_executor(self._threads, self.upgrade_blocking)

    def upgrade_blocking(self) -> None:
        """Migrate to head, unless the database is there already: that is found out without the write
        lock, so a start beside another process's long write (an import) does not wait for it."""
        if not self._is_at_head():
            self.migrate_blocking("head")

    def _is_at_head(self) -> bool:
        from studybot.storage.migrate import is_at_head

        try:
            with self._connect().execution_options(**{READ_ONLY: True}) as conn, conn.begin():
                return is_at_head(conn)
        except DBAPIError:
            return False  # a new file, or the server says no: migrate_blocking reports it properly

    def migrate_blocking(self, revision: str, *, down: bool = False) -> None:
        """Alembic upgrade (or downgrade) to `revision`, in one transaction, under the setup lock;
        ConfigError when the database cannot be used at all."""
        from studybot.storage.migrate import migrate_connection

        try:
            with self._connect() as conn, _foreign_keys_off(conn), conn.begin():
                lock_for_setup(conn)
                migrate_connection(conn, revision, down=down)
        except DBAPIError as exc:
            problem = as_config_error(exc, safe_url(self.url))
            if problem is None:
                raise
            raise problem from None

    def _connect(self) -> Connection:
        """A connection; ConfigError when the driver refuses the URL's parameters or cannot reach the database."""
        try:
            return self.engine.connect()
        except (DBAPIError, TypeError, ValueError) as exc:  # the last two: a parameter the driver cannot read
            raise connect_error(exc, safe_url(self.url)) from None

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close_blocking)

    def close_blocking(self) -> None:
        if self._writer is not None:
            self._writer.shutdown()
        self._threads.shutdown(wait=True)
        self.engine.dispose()
