"""Group play: chats and their question of the day, members, challenges, their questions and answers.

Revision ID: 0012_groups
Revises: 0013_fsrs_params
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_groups"
down_revision: str | None = "0013_fsrs_params"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "group_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("daily_time", sa.String(length=5), nullable=True),
        sa.Column("daily_timezone", sa.String(length=64), nullable=False),
        sa.Column("daily_deck", sa.String(length=64), nullable=True),
        sa.Column("daily_next_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_chats")),
        sa.UniqueConstraint("platform", "chat_id", name=op.f("uq_group_chats_platform")),
    )
    op.create_index("ix_group_chats_daily_next_at", "group_chats", ["daily_next_at"])
    op.create_table(
        "group_members",
        sa.Column("chat", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("left", sa.Boolean(), nullable=False, server_default=sa.false()),
        _fk("group_members", "chat", "group_chats"),
        _fk("group_members", "user_id", "users"),
        sa.PrimaryKeyConstraint("chat", "user_id", name=op.f("pk_group_members")),
    )
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat", sa.Integer(), nullable=False),
        sa.Column("starter_id", sa.Integer(), nullable=True),
        sa.Column("deck_title", sa.String(length=200), nullable=False),
        sa.Column("card_ids", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("stopped", sa.Boolean(), nullable=False, server_default=sa.false()),
        _fk("challenges", "chat", "group_chats"),
        _fk("challenges", "starter_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
    )
    op.create_index(
        "ix_challenges_one_running",
        "challenges",
        ["chat"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "challenge_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=16), nullable=False),
        sa.Column("choice_order", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("message_ref", sa.String(length=64), nullable=True),
        _fk("challenge_questions", "challenge_id", "challenges"),
        _fk("challenge_questions", "card_id", "cards"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_questions")),
        sa.UniqueConstraint("challenge_id", "position", name=op.f("uq_challenge_questions_challenge_id")),
        sa.UniqueConstraint("nonce", name=op.f("uq_challenge_questions_nonce")),
    )
    op.create_index("ix_challenge_questions_open", "challenge_questions", ["closed_at", "closes_at"])
    op.create_table(
        "challenge_answers",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chat", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        _fk("challenge_answers", "question_id", "challenge_questions"),
        _fk("challenge_answers", "user_id", "users"),
        _fk("challenge_answers", "chat", "group_chats"),
        sa.PrimaryKeyConstraint("question_id", "user_id", name=op.f("pk_challenge_answers")),
    )
    op.create_index("ix_challenge_answers_chat_time", "challenge_answers", ["chat", "answered_at"])


def downgrade() -> None:
    op.drop_table("challenge_answers")
    op.drop_table("challenge_questions")
    op.drop_table("challenges")
    op.drop_table("group_members")
    op.drop_table("group_chats")
