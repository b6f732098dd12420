"""Hints escalate: how many a learner took on the open question, and on each logged review.

Revision ID: 0003_hint_levels
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_hint_levels"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pending_prompts") as batch_op:
        batch_op.add_column(sa.Column("hints", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("review_logs") as batch_op:
        batch_op.add_column(sa.Column("hints", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE pending_prompts SET hints = 1 WHERE hint_used")  # one hint given before this revision


def downgrade() -> None:
    with op.batch_alter_table("review_logs") as batch_op:
        batch_op.drop_column("hints")
    with op.batch_alter_table("pending_prompts") as batch_op:
        batch_op.drop_column("hints")
