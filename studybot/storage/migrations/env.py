"""Alembic environment: runs on a connection handed in by `studybot.storage.migrate`, or on its URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from studybot.storage.engines import make_engine
from studybot.storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_url(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    _run_from_url(context.config.get_main_option("sqlalchemy.url") or "")
