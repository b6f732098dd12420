"""Decks offered to learners who joined before them, and studying one deck for now.

decks.created_at: when a deck was first imported (existing decks: their last update).
users.decks_seen_at: when the learner last saw the deck list; decks created later are new to them.
users.study_deck: the one deck `/quiz DECK` studies for now (NULL: all subscribed decks).

Revision ID: 0003_deck_offers
Revises: 0003_hint_levels
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_deck_offers"
down_revision: str | None = "0003_hint_levels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE decks SET created_at = updated_at")
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("decks_seen_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("study_deck", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("study_deck")
        batch_op.drop_column("decks_seen_at")
    with op.batch_alter_table("decks") as batch_op:
        batch_op.drop_column("created_at")
