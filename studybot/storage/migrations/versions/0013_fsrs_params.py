"""Each learner's own FSRS parameters and their last fit.

Revision ID: 0013_fsrs_params
Revises: 0014_own_decks
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_fsrs_params"
down_revision: str | None = "0014_own_decks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fsrs_params",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=True),
        sa.Column("fitted_at", sa.DateTime(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("log_loss", sa.Float(), nullable=True),
        sa.Column("default_log_loss", sa.Float(), nullable=True),
        sa.Column("tried_reviews", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_fsrs_params_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_fsrs_params")),
    )


def downgrade() -> None:
    op.drop_table("fsrs_params")
