"""An index of each learner's cards in learning steps (state 1 and 3): the next card looks for a due
learning step first, and without it walked every overdue review to find there was none.

Revision ID: 0016_learning_index
Revises: 0010_answer_messages
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_learning_index"
down_revision: str | None = "0010_answer_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEARNING = sa.text("state != 2")  # fsrs.State.Review is 2


def upgrade() -> None:
    op.create_index(
        "ix_card_states_user_learning_due",
        "card_states",
        ["user_id", "suspended", "due"],
        sqlite_where=LEARNING,
        postgresql_where=LEARNING,
    )


def downgrade() -> None:
    op.drop_index("ix_card_states_user_learning_due", table_name="card_states")
