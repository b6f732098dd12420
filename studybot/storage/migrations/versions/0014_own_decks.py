"""Learners' own decks: the deck's owner (null for the operator's decks) and its share code.

Revision ID: 0014_own_decks
Revises: 0011_links
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_own_decks"
down_revision: str | None = "0011_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("share_code", sa.String(length=16), nullable=True))
        batch.create_foreign_key("fk_decks_owner_id_users", "users", ["owner_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_decks_owner_id", ["owner_id"])
        batch.create_unique_constraint("uq_decks_share_code", ["share_code"])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM decks WHERE owner_id IS NOT NULL"))  # their cards and reviews cascade
    with op.batch_alter_table("decks") as batch:
        batch.drop_constraint("uq_decks_share_code", type_="unique")
        batch.drop_index("ix_decks_owner_id")
        batch.drop_constraint("fk_decks_owner_id_users", type_="foreignkey")
        batch.drop_column("share_code")
        batch.drop_column("owner_id")
