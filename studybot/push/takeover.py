"""Queued pushes left behind: a process that claimed a batch and stopped (killed, or its machine gone)
before starting them. They were never sent, so another process may send them; it takes them over once they
have been queued longer than the lease, and gives up the ones older than the grace window. A process still
holding one it took longer over loses nothing: `claims.start` lets only the latest taker start it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.push.claims import Claim
from studybot.storage.models import PushLog, PushSchedule, User

log = logging.getLogger(__name__)

_QUEUED = PushSchedule.queued_day.is_not(None)
_LEFT = (
    select(
        PushSchedule.user_id,
        PushSchedule.queued_day,
        PushSchedule.queued_at,
        PushSchedule.queued_due,
        PushSchedule.platform,
        PushSchedule.timezone,
        User.external_id,
        User.push_reminder,
    )
    .join(User, User.id == PushSchedule.user_id)
    .where(
        _QUEUED,
        PushSchedule.queued_at < bindparam("stale"),
        or_(PushSchedule.queued_by.is_(None), PushSchedule.queued_by != bindparam("owner")),  # not the taker's own
        PushSchedule.platform.in_(bindparam("platforms", expanding=True)),
    )
    .order_by(PushSchedule.queued_at)
    .limit(bindparam("limit"))
)
_UNQUEUED = {"queued_day": None, "queued_at": None, "queued_by": None, "queued_due": None}


def take_over(
    session: Session,
    now: datetime,
    *,
    platforms: frozenset[str],
    limit: int,
    lease: timedelta,
    grace: timedelta,
    owner: str,
) -> list[Claim]:
    """Up to `limit` pushes queued before `now - lease` on `platforms` by a tick other than `owner` (another
    process's, or an earlier tick's whose put-back failed), now queued by `owner`."""
    if not platforms or limit <= 0:
        return []
    conn = session.connection()
    given_up = _give_up(session, now - grace, now, owner)
    if given_up:
        log.warning("%d queued pushes given up: their process stopped more than the grace window ago", given_up)
    statement = _LEFT.with_for_update(skip_locked=True, of=PushSchedule) if conn.dialect.name == "postgresql" else _LEFT
    params = {"stale": now - lease, "platforms": sorted(platforms), "limit": limit, "owner": owner}
    rows = conn.execute(statement, params).all()
    if not rows:
        return []
    taken = update(PushSchedule).where(PushSchedule.user_id.in_([row.user_id for row in rows]))
    conn.execute(taken.values(queued_at=now, queued_by=owner))
    log.info("%d queued pushes taken over from a process that stopped", len(rows))
    return [
        Claim(
            row.user_id,
            row.platform,
            row.queued_day,
            row.queued_due or row.queued_at,
            now,
            row.timezone,
            row.external_id,
            row.push_reminder,
        )
        for row in rows
    ]


def _give_up(session: Session, before: datetime, now: datetime, owner: str) -> int:
    """Pushes due before `before` (the grace window) and still queued are logged "failed" for their day, and
    unqueued. Counted from the push instant they were queued for (today's push time, even for a learner
    whose push was due a day before: the bot or their platform was down), not from their last takeover: a
    chain of takers that each stop must not carry a push past the window. Not `owner`'s own: a tick claiming
    ahead while it sends begins what it queued next."""
    late = and_(
        _QUEUED,
        func.coalesce(PushSchedule.queued_due, PushSchedule.queued_at) < before,
        or_(PushSchedule.queued_by.is_(None), PushSchedule.queued_by != owner),
    )
    conn = session.connection()
    rows = conn.execute(select(PushSchedule.user_id, PushSchedule.queued_day, PushSchedule.queued_at).where(late)).all()
    if not rows:
        return 0
    failed = [
        {
            "user_id": r.user_id,
            "local_date": r.queued_day,
            "status": "failed",
            "claimed_at": r.queued_at,
            "finished_at": now,
        }
        for r in rows
    ]
    builder = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(builder(PushLog).on_conflict_do_nothing(), failed)
    conn.execute(update(PushSchedule).where(late).values(**_UNQUEUED))
    return len(rows)
