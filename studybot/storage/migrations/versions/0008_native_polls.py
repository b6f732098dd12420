"""Native quiz polls: which learner's open question a sent poll shows, so its answer survives a restart.

Revision ID: 0008_native_polls
Revises: 0007_deck_source_file
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_native_polls"
down_revision: str | None = "0007_deck_source_file"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "native_polls",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=16), nullable=False),
        sa.Column("choice_keys", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_native_polls_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_native_polls")),
        sa.UniqueConstraint("poll_id", name=op.f("uq_native_polls_poll_id")),
    )


def downgrade() -> None:
    op.drop_table("native_polls")
