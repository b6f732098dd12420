"""An index of card states by card: deleting cards (an own deck deleted, `import-deck --prune`) cascades to
their states, and without it each deleted card scanned every learner's states (1,000 cards among 500,000
states took 43 s on SQLite).

Revision ID: 0021_card_states_card
Revises: 0020_question_snapshot
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021_card_states_card"
down_revision: str | None = "0020_question_snapshot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_card_states_card", "card_states", ["card_id"])


def downgrade() -> None:
    op.drop_index("ix_card_states_card", table_name="card_states")
