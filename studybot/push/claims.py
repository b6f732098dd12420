"""Claiming due learners in the database: the only coordination between ticks, processes and restarts.

One short transaction per claim: lock a few due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
processes never take the same learner; SQLite's `BEGIN IMMEDIATE` serialises claimers), write one
`push_log` row per learner and local date in status "claimed", and move `next_push_at` to the next day.
A learner whose local date already has a row is not pushed again, whatever happened to their settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, false, insert, select, tuple_, update
from sqlalchemy.orm import Session

from studybot.push.schedule import local_day, next_push
from studybot.storage.models import PushLog, User


@dataclass(frozen=True)
class Claim:
    """A learner whose push for `local_date` this process now owns."""

    user_id: int
    platform: str
    external_id: str
    local_date: date


@dataclass(frozen=True)
class Plan:
    """What a due row turns into: a push for `day` (None: nothing now) and the next instant to store."""

    day: date | None
    next_push_at: datetime


_DUE = (
    select(User.id, User.platform, User.external_id, User.timezone, User.push_time, User.next_push_at)
    .where(
        User.next_push_at <= bindparam("now"),
        User.paused == false(),
        User.blocked == false(),
        User.platform.in_(bindparam("platforms", expanding=True)),
    )
    .order_by(User.next_push_at)
    .limit(bindparam("limit"))
)
_LOCK_DUE = _DUE.with_for_update(skip_locked=True, of=User)


def plan(due: datetime, push_time: str, timezone: str, now: datetime, grace: timedelta) -> Plan:
    """Push for the day `due` falls on, unless it was missed by more than `grace`: then the learner's push
    that falls within the window is sent (there may be one today), or else none until the next day."""
    if due < now - grace:
        due = next_push(now - grace, push_time, timezone)
        if due > now:
            return Plan(None, due)
    day = local_day(due, timezone)
    return Plan(day, next_push(now, push_time, timezone, after_day=day))


def claim_due(
    session: Session, now: datetime, *, platforms: frozenset[str], limit: int, grace: timedelta
) -> list[Claim]:
    """Claim up to `limit` learners whose push is due at `now` on one of `platforms`."""
    if not platforms or limit <= 0:
        return []
    statement = _LOCK_DUE if session.get_bind().dialect.name == "postgresql" else _DUE
    params = {"now": now, "platforms": sorted(platforms), "limit": limit}
    rows = session.connection().execute(statement, params).all()
    plans = {row.id: plan(row.next_push_at, row.push_time, row.timezone, now, grace) for row in rows}
    pushed = _already_pushed(session, [(uid, p.day) for uid, p in plans.items() if p.day is not None])
    claims = [
        Claim(row.id, row.platform, row.external_id, plans[row.id].day)  # type: ignore[arg-type]
        for row in rows
        if plans[row.id].day is not None and (row.id, plans[row.id].day) not in pushed
    ]
    if rows:
        moves = [{"uid": uid, "next": p.next_push_at} for uid, p in plans.items()]
        session.connection().execute(_MOVE, moves)
    if claims:
        logs = [
            {"user_id": c.user_id, "local_date": c.local_date, "status": "claimed", "claimed_at": now} for c in claims
        ]
        session.connection().execute(insert(PushLog), logs)
    return claims


_MOVE = update(User).where(User.id == bindparam("uid")).values(next_push_at=bindparam("next"))


def _already_pushed(session: Session, keys: list[tuple[int, date]]) -> set[tuple[int, date]]:
    if not keys:
        return set()
    query = select(PushLog.user_id, PushLog.local_date).where(tuple_(PushLog.user_id, PushLog.local_date).in_(keys))
    return {(uid, day) for uid, day in session.connection().execute(query).all()}


def finish(session: Session, claim: Claim, status: str, now: datetime) -> None:
    """Record how a claimed push ended: sent, blocked, failed, or skipped (below the threshold)."""
    where = and_(PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date)
    session.connection().execute(update(PushLog).where(where).values(status=status, finished_at=now))
    if status == "blocked":
        blocked = update(User).where(User.id == claim.user_id).values(blocked=True, next_push_at=None)
        session.connection().execute(blocked)
