"""Where each answer was shown: the chat messages of the answered question, kept with its review so that
/undo can mark them as undone.

Revision ID: 0010_answer_messages
Revises: 0015_push_later
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_answer_messages"
down_revision: str | None = "0015_push_later"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review_logs") as batch:
        batch.add_column(sa.Column("message_ids", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_logs") as batch:
        batch.drop_column("message_ids")
