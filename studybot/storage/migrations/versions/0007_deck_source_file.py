"""Remember which file each deck was imported from, so another file cannot silently take a deck over.

Decks imported before this migration have no file yet: the next file to import each of them becomes
its file.

Revision ID: 0007_deck_source_file
Revises: 0004_push
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_deck_source_file"
down_revision: str | None = "0004_push"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch_op:
        batch_op.add_column(sa.Column("source_file", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decks") as batch_op:
        batch_op.drop_column("source_file")
