"""Each learner's next push and queued push in a narrow row of its own: claiming a popular minute rewrote
thousands of wide `users` rows and inserted as many `push_log` rows before any was sent. A queued push is
now a mark on that row; its `push_log` row is written when its send begins.

Revision ID: 0019_push_schedule
Revises: 0018_queued_pushes
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision: str = "0019_push_schedule"
down_revision: str | None = "0018_queued_pushes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED = sa.text("queued_day IS NOT NULL")
QUEUED_LOG = sa.text("status = 'queued'")
# the latest queued push_log row of the schedule row's learner (there is at most one in practice)
_QUEUED_ROW = "SELECT {column} FROM push_log p WHERE p.user_id = push_schedule.user_id AND p.status = 'queued'"
_LATEST = " ORDER BY p.local_date DESC LIMIT 1"


def upgrade() -> None:
    op.create_table(
        "push_schedule",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("push_time", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("next_push_at", sa.DateTime(), nullable=True),
        sa.Column("queued_day", sa.Date(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=True),
        sa.Column("queued_by", sa.String(length=32), nullable=True),
        sa.Column("queued_due", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_push_schedule_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_push_schedule")),
    )
    op.create_index("ix_push_schedule_due", "push_schedule", ["platform", "next_push_at"])
    op.create_index(
        "ix_push_schedule_queued", "push_schedule", ["queued_at"], sqlite_where=QUEUED, postgresql_where=QUEUED
    )
    op.execute(
        "INSERT INTO push_schedule (user_id, platform, push_time, timezone, next_push_at)"
        " SELECT id, platform, push_time, timezone, next_push_at FROM users"
    )
    columns = {"queued_day": "local_date", "queued_at": "claimed_at", "queued_by": "queued_by"}
    columns["queued_due"] = "claimed_at"  # not kept before: put back, the push is due again at once
    sets = ", ".join(f"{new} = ({_QUEUED_ROW.format(column=old)}{_LATEST})" for new, old in columns.items())
    op.execute(f"UPDATE push_schedule SET {sets} WHERE EXISTS ({_QUEUED_ROW.format(column='1')})")  # noqa: S608
    # an older push still queued (a process stopped days ago) ends as 0018 would have ended it: failed
    op.execute(
        "UPDATE push_log SET status = 'failed', finished_at = claimed_at WHERE status = 'queued' AND EXISTS"
        " (SELECT 1 FROM push_schedule s WHERE s.user_id = push_log.user_id AND s.queued_day <> push_log.local_date)"
    )
    op.execute("DELETE FROM push_log WHERE status = 'queued'")  # the latest, now the schedule's mark
    op.drop_index("ix_push_log_queued", table_name="push_log")
    with op.batch_alter_table("push_log") as table:
        table.drop_column("queued_by")
    op.drop_index("ix_users_platform_next_push_at", table_name="users")
    with op.batch_alter_table("users") as table:
        table.drop_column("next_push_at")


def downgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.add_column(sa.Column("next_push_at", sa.DateTime(), nullable=True))
    op.create_index("ix_users_platform_next_push_at", "users", ["platform", "next_push_at"])
    op.execute(
        "UPDATE users SET next_push_at = (SELECT s.next_push_at FROM push_schedule s WHERE s.user_id = users.id)"
    )
    with op.batch_alter_table("push_log") as table:
        table.add_column(sa.Column("queued_by", sa.String(length=32), nullable=True))
    op.create_index(
        "ix_push_log_queued", "push_log", ["claimed_at"], sqlite_where=QUEUED_LOG, postgresql_where=QUEUED_LOG
    )
    op.execute(
        "INSERT INTO push_log (user_id, local_date, status, claimed_at, queued_by, rounds, closed)"
        " SELECT user_id, queued_day, 'queued', queued_at, queued_by, 0, false FROM push_schedule"
        " WHERE queued_day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM push_log p"
        " WHERE p.user_id = push_schedule.user_id AND p.local_date = push_schedule.queued_day)"
    )
    _remind_queued()
    op.drop_table("push_schedule")


def _remind_queued() -> None:
    """The evening reminder 0018 set when it queued a push (for a learner with reminders on), on the pushes
    just queued again; 0019 works it out only when a send begins, so nothing stored it."""
    from studybot.push.later import evening_reminder_at  # the rule 0018's claims applied

    log = sa.table("push_log", sa.column("id", sa.Integer()), sa.column("remind_at", sa.DateTime()))
    queued = sa.text(
        "SELECT p.id, p.local_date, p.claimed_at, u.timezone FROM push_log p JOIN users u ON u.id = p.user_id"
        " WHERE p.status = 'queued' AND u.push_reminder"
    ).columns(id=sa.Integer(), local_date=sa.Date(), claimed_at=sa.DateTime(), timezone=sa.String())
    connection = op.get_bind()
    for row in connection.execute(queued).all():
        remind = evening_reminder_at(row.local_date, row.timezone, row.claimed_at.replace(tzinfo=UTC))
        if remind is not None:
            at = remind.astimezone(UTC).replace(tzinfo=None)
            connection.execute(sa.update(log).where(log.c.id == row.id).values(remind_at=at))
