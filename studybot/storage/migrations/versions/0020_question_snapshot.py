"""A challenge question keeps what it showed: its text, its choices in the order posted, and the right answer.
A re-import that changed or removed its card (a type, a reordered choice) used to score presses against the
new card, or fail every close of every chat. A removed card now leaves its question in place (card NULL).

Revision ID: 0020_question_snapshot
Revises: 0019_push_schedule
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_question_snapshot"
down_revision: str | None = "0019_push_schedule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_challenge_questions_card_id_cards"


def upgrade() -> None:
    with op.batch_alter_table("challenge_questions") as table:
        table.add_column(sa.Column("prompt", sa.Text(), nullable=True))
        table.add_column(sa.Column("labels", sa.JSON(), nullable=True))
        table.add_column(sa.Column("answer", sa.Text(), nullable=True))
        table.alter_column("card_id", existing_type=sa.Integer(), nullable=True)
        table.drop_constraint(FK, type_="foreignkey")
        table.create_foreign_key(FK, "cards", ["card_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    op.execute("DELETE FROM challenge_questions WHERE card_id IS NULL")
    with op.batch_alter_table("challenge_questions") as table:
        table.drop_constraint(FK, type_="foreignkey")
        table.create_foreign_key(FK, "cards", ["card_id"], ["id"], ondelete="CASCADE")
        table.alter_column("card_id", existing_type=sa.Integer(), nullable=False)
        table.drop_column("answer")
        table.drop_column("labels")
        table.drop_column("prompt")
