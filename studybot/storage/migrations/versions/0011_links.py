"""One learner across platforms: accounts linked to a learner's row, one-time link codes, wrong tries.

Revision ID: 0011_links
Revises: 0009_cram
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_links"
down_revision: str | None = "0009_cram"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("linked_to", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_users_linked_to_users", "users", ["linked_to"], ["id"], ondelete="SET NULL")
    op.create_table(
        "link_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_link_codes_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_hash", name="pk_link_codes"),
        sa.UniqueConstraint("user_id", name="uq_link_codes_user_id"),
    )
    op.create_table(
        "link_tries",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("wrong", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_link_tries_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_link_tries"),
    )


def downgrade() -> None:
    op.drop_table("link_tries")
    op.drop_table("link_codes")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_linked_to_users", type_="foreignkey")
        batch.drop_column("linked_to")
