"""Push claims: index due learners by platform, so a process serving one platform never scans another's.

Without it, learners of a platform no running process serves (or console learners) sit at the front of the
`next_push_at` index forever, and every claim would step over all of them.

Revision ID: 0004_push
Revises: 0003_deck_offers
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_push"
down_revision: str | None = "0003_deck_offers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_next_push_at")
        batch_op.create_index("ix_users_platform_next_push_at", ["platform", "next_push_at"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_platform_next_push_at")
        batch_op.create_index("ix_users_next_push_at", ["next_push_at"])
