"""Chat platforms and pushes: the native-poll preference, push planning columns, and the push log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("polls", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("push_threshold", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("next_push_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_users_next_push_at", ["next_push_at"])
    op.create_table(
        "push_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_push_log_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_log")),
        sa.UniqueConstraint("user_id", "local_date", name=op.f("uq_push_log_user_id")),
    )
    op.create_index("ix_push_log_claimed_at", "push_log", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_push_log_claimed_at", table_name="push_log")
    op.drop_table("push_log")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_next_push_at")
        batch_op.drop_column("next_push_at")
        batch_op.drop_column("push_threshold")
        batch_op.drop_column("polls")
