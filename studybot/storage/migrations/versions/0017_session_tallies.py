"""Each learner's running session tally: the summary after an answer reads one row instead of counting
the session's answers in the review log.

Revision ID: 0017_session_tallies
Revises: 0016_learning_index
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_session_tallies"
down_revision: str | None = "0016_learning_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_tallies",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=True),
        sa.Column("right_answers", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_tallies_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_session_tallies")),
    )


def downgrade() -> None:
    op.drop_table("session_tallies")
