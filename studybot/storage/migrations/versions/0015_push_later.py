"""The daily push can be put off: "Later (1 h)", "Not today", and an opt-in evening reminder.

Revision ID: 0015_push_later
Revises: 0012_groups
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_push_later"
down_revision: str | None = "0012_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("push_reminder", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("push_log") as batch:
        batch.add_column(sa.Column("rounds", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("later_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("remind_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_push_log_later_at", ["later_at"])
        batch.create_index("ix_push_log_remind_at", ["remind_at"])


def downgrade() -> None:
    with op.batch_alter_table("push_log") as batch:
        batch.drop_index("ix_push_log_remind_at")
        batch.drop_index("ix_push_log_later_at")
        batch.drop_column("remind_at")
        batch.drop_column("closed")
        batch.drop_column("later_at")
        batch.drop_column("rounds")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("push_reminder")
