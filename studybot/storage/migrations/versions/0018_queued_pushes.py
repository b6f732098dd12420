"""Pushes are queued in batches before their sends begin: which process queued each, and an index of the
queued ones, which another process takes over when the one that queued them stopped.

Revision ID: 0018_queued_pushes
Revises: 0017_session_tallies
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_queued_pushes"
down_revision: str | None = "0017_session_tallies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED = sa.text("status = 'queued'")


def upgrade() -> None:
    with op.batch_alter_table("push_log") as table:
        table.add_column(sa.Column("queued_by", sa.String(length=32), nullable=True))
    op.create_index("ix_push_log_queued", "push_log", ["claimed_at"], sqlite_where=QUEUED, postgresql_where=QUEUED)


def downgrade() -> None:
    op.execute("UPDATE push_log SET status = 'failed' WHERE status = 'queued'")  # never sent: not ambiguous
    op.drop_index("ix_push_log_queued", table_name="push_log")
    with op.batch_alter_table("push_log") as table:
        table.drop_column("queued_by")
