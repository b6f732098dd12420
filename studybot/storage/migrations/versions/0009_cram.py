"""Cram mode: the deck a learner crams (and since when), cram reviews in the log, cram questions.

Revision ID: 0009_cram
Revises: 0008_native_polls
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_cram"
down_revision: str | None = "0008_native_polls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("cram_deck", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("cram_since", sa.DateTime(), nullable=True))
    with op.batch_alter_table("review_logs") as batch:
        batch.add_column(sa.Column("cram", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("pending_prompts") as batch:
        batch.add_column(sa.Column("cram", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM review_logs WHERE cram"))  # they never changed a schedule
    with op.batch_alter_table("pending_prompts") as batch:
        batch.drop_column("cram")
    with op.batch_alter_table("review_logs") as batch:
        batch.drop_column("cram")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("cram_since")
        batch.drop_column("cram_deck")
