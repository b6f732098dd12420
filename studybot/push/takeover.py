"""Queued pushes left behind: a process that claimed a batch and stopped (killed, or its machine gone)
before starting them. They were never sent, so another process may send them; it takes them over once they
have been queued longer than the lease, and gives up the ones older than the grace window. A process still
holding one it took longer over loses nothing: `claims.start` lets only the latest taker start it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from studybot.push.claims import Claim
from studybot.storage.models import PushLog, User

log = logging.getLogger(__name__)

_QUEUED = PushLog.status == "queued"
_LEFT = (
    select(PushLog.id, PushLog.user_id, PushLog.local_date, PushLog.claimed_at, User.platform, User.external_id)
    .join(User, User.id == PushLog.user_id)
    .where(
        _QUEUED,
        PushLog.claimed_at < bindparam("stale"),
        or_(PushLog.queued_by.is_(None), PushLog.queued_by != bindparam("owner")),  # not the taking tick's own
        User.platform.in_(bindparam("platforms", expanding=True)),
    )
    .order_by(PushLog.claimed_at)
    .limit(bindparam("limit"))
)


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
    late = and_(_QUEUED, PushLog.claimed_at < now - grace)
    given_up = conn.execute(update(PushLog).where(late).values(status="failed", finished_at=now)).rowcount
    if given_up:
        log.warning("%d queued pushes given up: their process stopped more than the grace window ago", given_up)
    statement = _LEFT.with_for_update(skip_locked=True, of=PushLog) if conn.dialect.name == "postgresql" else _LEFT
    params = {"stale": now - lease, "platforms": sorted(platforms), "limit": limit, "owner": owner}
    rows = conn.execute(statement, params).all()
    if not rows:
        return []
    taken = update(PushLog).where(PushLog.id.in_([row.id for row in rows]))
    conn.execute(taken.values(claimed_at=now, queued_by=owner))
    log.info("%d queued pushes taken over from a process that stopped", len(rows))
    return [Claim(row.user_id, row.platform, row.external_id, row.local_date, row.claimed_at, now) for row in rows]
