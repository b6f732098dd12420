"""The answer path's statements, sent straight to the driver's cursor inside the session's transaction.

`Connection.execute` of a prebuilt Core statement costs about 60 µs of CPU on top of what the driver
itself takes (an execution context, a cache-key lookup, result metadata per call); the answer path runs
a dozen statements, so that overhead was most of an answer (benchmarks/bench_floor.py). A `Direct`
statement is compiled by SQLAlchemy once per dialect, then each run only builds the parameters and
fetches the rows. Values still pass through each column type's own bind and result processors, so they
are what `Connection.execute` would give; driver errors are raised as SQLAlchemy's `DBAPIError` (so
storage/dberrors.py reads them as before), and a connection found dead is invalidated as SQLAlchemy
would. Statement listeners (`listen`) see each statement sent, as SQLAlchemy's
`before_cursor_execute` listeners see the others.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ClauseElement
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, NoResultFound
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from studybot.storage.binding import bind_processor

Listener = Callable[[str], None]
_listeners: list[Listener] = []
_CONNECTION = "studybot.direct.connection"  # Session.info key: the session's Connection, looked up once
_CURSOR = "studybot.direct.cursor"  # Connection.info key (kept with the driver connection): (driver, cursor)


@dataclass
class _Compiled:
    compiled: SQLCompiler
    sql: str
    positions: tuple[str, ...] | None  # names in order for a positional paramstyle (SQLite's "?")
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]  # the parameters that need converting
    defaults: dict[str, Any]  # the columns' own defaults, for the columns an INSERT or UPDATE leaves out
    columns: tuple[Any, ...]  # the columns it returns, as the statement names them
    row: Any  # a namedtuple class
    # (index, processor) of each column that has one; some depend on the driver's type code, so they are
    # made at the first fetch
    results: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None

    def processors(self, dialect: Dialect, description: Any) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        if self.results is None:
            codes = [column[1] for column in description]
            made = [
                column.type.dialect_impl(dialect).result_processor(dialect, code)
                for column, code in zip(self.columns, codes, strict=True)
            ]
            self.results = tuple((i, process) for i, process in enumerate(made) if process is not None)
        return self.results


class Direct:
    """A statement built once and sent to the driver as is (no expanding IN, no callables in it)."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def rows(self, session: Session, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every row the statement returns (named tuples), or [] for one that returns none."""
        conn = _connection(session)
        compiled = self._compiled(conn.dialect)
        given = {**compiled.defaults, **(params or {})} if compiled.defaults else params or {}
        values = compiled.compiled.construct_params(given, escape_names=False)
        for name, process in compiled.binds:
            values[name] = process(values[name])
        args: Any = values if compiled.positions is None else tuple(values[name] for name in compiled.positions)
        if not compiled.columns:
            _run(conn, compiled.sql, args)
            return []
        raw, description = _run(conn, compiled.sql, args, fetch=True, describe=compiled.results is None)
        convert, make = compiled.processors(conn.dialect, description), compiled.row._make
        if not convert:
            return [make(row) for row in raw]
        rows = []
        for row in raw:
            fields = list(row)
            for i, process in convert:
                fields[i] = process(fields[i])
            rows.append(make(fields))
        return rows

    def first(self, session: Session, params: Mapping[str, Any] | None = None) -> Any | None:
        found = self.rows(session, params)
        return found[0] if found else None

    def scalar(self, session: Session, params: Mapping[str, Any] | None = None) -> Any | None:
        found = self.rows(session, params)
        return found[0][0] if found else None

    def scalar_one(self, session: Session, params: Mapping[str, Any] | None = None) -> Any:
        """The one row's first value; NoResultFound when there is none."""
        found = self.rows(session, params)
        if not found:
            raise NoResultFound(f"no row for {self.statement}")
        return found[0][0]

    def _compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            found = self._by_dialect[dialect.name] = _compile(self.statement, dialect)
        return found


def _compile(statement: ClauseElement, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise ValueError(f"expanding parameters cannot be sent as they are: {compiled.string}")
    binds: dict[str, Callable[[Any], Any]] = {}  # by name: a parameter used twice is converted once
    for bind, name in compiled.bind_names.items():
        if bind.callable is not None:
            raise ValueError(f"{name}: a parameter computed at execution cannot be sent as it is")
        process = bind_processor(bind.type, dialect)
        if process is not None:
            binds.setdefault(name, process)
    defaults: dict[str, Any] = {}
    for column, default in [(c, c.default) for c in compiled.insert_prefetch] + [
        (c, c.onupdate) for c in compiled.update_prefetch
    ]:
        if not isinstance(default, ScalarElementColumnDefault):
            raise ValueError(f"{column}: give it a value (its default is computed at execution)")
        defaults[column.key] = default.arg
    columns = tuple(getattr(statement, "exported_columns", ()))
    names = [column.key or f"c{i}" for i, column in enumerate(columns)]
    row = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    positions = tuple(compiled.positiontup or ()) if compiled.positional else None
    return _Compiled(compiled, compiled.string, positions, tuple(binds.items()), defaults, columns, row)


def _connection(session: Session) -> Connection:
    conn = session.info.get(_CONNECTION)
    if conn is None or conn.closed or conn.invalidated:
        conn = session.info[_CONNECTION] = session.connection()
    return conn


def _run(
    conn: Connection, sql: str, args: Any, *, fetch: bool = False, describe: bool = False
) -> tuple[list[Any], Any]:
    """The rows, and with `describe` the cursor's description (psycopg builds it anew at each reading);
    `fetch`: the statement names the columns it returns (an INSERT's implicit RETURNING of its key is not
    read)."""
    for listener in _listeners:
        listener(sql)
    driver = conn.connection.driver_connection
    assert driver is not None
    cursor = _cursor(conn, driver)
    try:
        cursor.execute(sql, args)
        if not fetch:
            return [], None
        return cursor.fetchall(), cursor.description if describe else None
    except conn.dialect.loaded_dbapi.Error as exc:
        conn.info.pop(_CURSOR, None)  # a fresh one next time, whatever state the error left this in
        gone = conn.dialect.is_disconnect(exc, driver, cursor)
        cursor.close()
        if gone:
            conn.invalidate(exc)
        raise DBAPIError.instance(sql, args, exc, conn.dialect.loaded_dbapi.Error, connection_invalidated=gone) from exc


def _cursor(conn: Connection, driver: Any) -> Any:
    """One cursor per driver connection, kept with it: making a cursor per statement cost more than some
    statements take to run."""
    kept = conn.info.get(_CURSOR)
    if kept is None or kept[0] is not driver:
        kept = conn.info[_CURSOR] = (driver, driver.cursor())
    return kept[1]


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call `listener(sql)` for each statement a Direct sends, while the block runs."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
