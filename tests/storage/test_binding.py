"""A Direct statement converts each value as SQLAlchemy's own execute would: every statement on the answer
path, on both backends, by its column type (storage/binding.py writes SQLite's datetimes in one step)."""

from __future__ import annotations

import gc
import importlib
import pkgutil
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from psycopg.types.json import Json
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import CompileError
from sqlalchemy.sql.compiler import SQLCompiler

import studybot
from studybot.storage.binding import bind_processor, sqlite_utc_text
from studybot.storage.direct import Direct
from studybot.storage.models import UTCDateTime

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.psycopg.dialect()}  # type: ignore[no-untyped-call]
AT = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))


def every_direct_statement() -> list[Direct]:
    for module in pkgutil.walk_packages(studybot.__path__, "studybot."):
        if not module.name.endswith("__main__"):  # runs the command line
            importlib.import_module(module.name)
    return [found for found in gc.get_objects() if isinstance(found, Direct)]


def sample(bind: Any, n: int) -> Any:
    """A value of the type the parameter takes, different for each parameter."""
    if isinstance(bind.type, UTCDateTime):
        return AT + timedelta(minutes=n)
    try:
        python_type = bind.type.python_type
    except NotImplementedError:
        python_type = dict  # JSON
    return {int: n, str: f"text {n}", bool: n % 2 == 0, float: n + 0.25}.get(python_type, {"n": n})


def comparable(value: Any) -> Any:
    """psycopg's JSON wrapper compares by identity: compare what it wraps."""
    return ("json", value.obj) if isinstance(value, Json) else value


def converts_the_same(direct: Direct, dialect: Dialect) -> bool:
    """Each parameter converted as SQLAlchemy would; False for a statement written for the other backend."""
    try:
        compiled = direct.statement.compile(dialect=dialect)
    except (AttributeError, CompileError):  # an upsert in the other backend's own syntax
        return False
    assert isinstance(compiled, SQLCompiler)
    for n, bind in enumerate(compiled.bind_names):
        value = sample(bind, n)
        ours = bind_processor(bind.type, dialect)
        theirs = bind.type.dialect_impl(dialect).bind_processor(dialect)
        sent = ours(value) if ours else value
        expected = theirs(value) if theirs else value
        assert comparable(sent) == comparable(expected), (compiled.string, bind.key)
    return True


def test_every_direct_statement_converts_its_values_as_sqlalchemy_would() -> None:
    statements = every_direct_statement()
    assert len(statements) > 20
    for direct in statements:
        assert [name for name, dialect in DIALECTS.items() if converts_the_same(direct, dialect)], direct.statement


@given(st.datetimes(timezones=st.timezones()))
def test_sqlite_stores_an_aware_datetime_as_sqlalchemy_does(moment: datetime) -> None:
    try:
        moment.astimezone(UTC)
    except OverflowError:  # near year 1 or 9999: no UTC instant to store
        return
    dialect = DIALECTS["sqlite"]
    stored = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert stored is not None
    assert sqlite_utc_text(moment) == stored(moment)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        sqlite_utc_text(datetime(2026, 6, 1, 12))
