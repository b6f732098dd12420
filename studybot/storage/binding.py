"""Bind processors for the statements sent straight to the driver (storage/direct.py).

Each value goes through its column type's own processor, as SQLAlchemy's execute would send it, except
UTCDateTime on SQLite: SQLAlchemy's chain there (the type's conversion to naive UTC, then SQLite's DATETIME
processor formatting through a dict of fields) took 5 µs a value, and the answer path binds about ten. The
same text is written in one step (tests/storage/test_binding.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Dialect

from studybot.storage.models import UTCDateTime

Process = Callable[[Any], Any]
_SQLITE_DATETIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"  # SQLAlchemy's SQLite DATETIME storage format


def bind_processor(column_type: Any, dialect: Dialect) -> Process | None:
    if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
        return sqlite_utc_text
    process: Process | None = column_type.dialect_impl(dialect).bind_processor(dialect)
    return process


def sqlite_utc_text(value: datetime | None) -> str | None:
    """An aware datetime as SQLite stores a UTCDateTime: naive UTC, in SQLAlchemy's DATETIME format."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return _SQLITE_DATETIME % (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )
