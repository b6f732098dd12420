"""Claiming due learners in the database: the only coordination between ticks, processes and restarts.

One short transaction per claim: lock a few due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
processes never take the same learner; SQLite's `BEGIN IMMEDIATE` serialises claimers), write one
`push_log` row per learner and local date in status "claimed", and move `next_push_at` to the next day.
A learner whose local date already has a row is not pushed again, whatever happened to their settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, false, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from studybot.push.later import evening_reminder_at
from studybot.push.schedule import local_day, next_push
from studybot.storage.models import PushLog, User


@dataclass(frozen=True)
class Claim:
    """A learner whose push for `local_date` this process now owns."""

    user_id: int
    platform: str
    external_id: str
    local_date: date
    due: datetime  # the learner's `next_push_at` when claimed, restored if the claim is released


@dataclass(frozen=True)
class Plan:
    """What a due row turns into: a push for `day` (None: nothing now) and the next instant to store."""

    day: date | None
    next_push_at: datetime


_DUE = (
    select(
        User.id, User.platform, User.external_id, User.timezone, User.push_time, User.next_push_at, User.push_reminder
    )
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
    dialect = session.get_bind().dialect.name
    statement = _LOCK_DUE if dialect == "postgresql" else _DUE
    params = {"now": now, "platforms": sorted(platforms), "limit": limit}
    rows = session.connection().execute(statement, params).all()
    if not rows:
        return []
    plans = _plans(rows, now, grace)
    wanted = {
        row.id: (day, evening_reminder_at(day, row.timezone, now) if row.push_reminder else None)
        for row in rows
        if (day := plans[row.id].day) is not None
    }
    moves = {row.id: plans[row.id].next_push_at for row in rows}
    if dialect == "postgresql":
        inserted = _move_and_log_postgres(session, moves, wanted, now)
    else:
        _move(session, moves)
        inserted = _log(session, wanted, now) if wanted else set()
    return [
        Claim(row.id, row.platform, row.external_id, wanted[row.id][0], row.next_push_at)
        for row in rows
        if row.id in inserted
    ]


def _plans(rows: Sequence[Any], now: datetime, grace: timedelta) -> dict[int, Plan]:
    """Plan each row; learners who share a due instant, time and zone (most of a minute's) share the maths."""
    known: dict[tuple[datetime, str, str], Plan] = {}
    plans = {}
    for row in rows:
        key = (row.next_push_at, row.push_time, row.timezone)
        if key not in known:
            known[key] = plan(*key, now, grace)
        plans[row.id] = known[key]
    return plans


_MOVE = update(User).where(User.id == bindparam("uid")).values(next_push_at=bindparam("next"))
# One statement for the batch on PostgreSQL: each learner's next push stored, and a "claimed" row for each
# learner with a push today; a day that already has a row (any status) is skipped, so it is not pushed again.
# Arrays keep the statement's text the same for every batch, so it is parsed and planned once.
_MOVE_AND_LOG_POSTGRES = text(
    "WITH moved AS (UPDATE users SET next_push_at = m.next"
    " FROM unnest(CAST(:uids AS integer[]), CAST(:nexts AS timestamp[])) AS m(uid, next) WHERE users.id = m.uid)"
    " INSERT INTO push_log (user_id, local_date, status, claimed_at, remind_at)"
    " SELECT l.uid, l.day, 'claimed', CAST(:now AS timestamp), l.remind"
    " FROM unnest(CAST(:log_uids AS integer[]), CAST(:days AS date[]), CAST(:reminds AS timestamp[]))"
    " AS l(uid, day, remind)"
    " ON CONFLICT DO NOTHING RETURNING user_id"
)


def _naive(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(tzinfo=None)


def _move_and_log_postgres(
    session: Session,
    next_push_at: dict[int, datetime],
    wanted: dict[int, tuple[date, datetime | None]],
    now: datetime,
) -> set[int]:
    params = {
        "uids": list(next_push_at),
        "nexts": [_naive(instant) for instant in next_push_at.values()],
        "log_uids": list(wanted),
        "days": [day for day, _remind in wanted.values()],
        "reminds": [None if remind is None else _naive(remind) for _day, remind in wanted.values()],
        "now": _naive(now),
    }
    return set(session.connection().execute(_MOVE_AND_LOG_POSTGRES, params).scalars())


def _move(session: Session, next_push_at: dict[int, datetime]) -> None:
    """Store each learner's next push (SQLite runs in-process: a statement each is cheap there)."""
    session.connection().execute(_MOVE, [{"uid": uid, "next": instant} for uid, instant in next_push_at.items()])


def _log(session: Session, wanted: dict[int, tuple[date, datetime | None]], now: datetime) -> set[int]:
    """A "claimed" row per learner and day; a day that already has a row (any status) is skipped."""
    rows = [
        {"user_id": uid, "local_date": day, "status": "claimed", "claimed_at": now, "remind_at": remind}
        for uid, (day, remind) in wanted.items()
    ]
    insert = sqlite.insert(PushLog).on_conflict_do_nothing().returning(PushLog.user_id)
    return set(session.connection().execute(insert, rows).scalars())


def finish(session: Session, claim: Claim, status: str, now: datetime) -> None:
    """Record how a claimed push ended: sent, blocked, failed, or skipped (below the threshold)."""
    where = and_(PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date)
    session.connection().execute(update(PushLog).where(where).values(status=status, finished_at=now))
    if status == "blocked":
        blocked = update(User).where(User.id == claim.user_id).values(blocked=True, next_push_at=None)
        session.connection().execute(blocked)


def release(session: Session, claim: Claim) -> None:
    """Undo a claim whose push was not attempted (its platform went down): the learner is due again, and
    a later tick (here or in another process) pushes them once the platform is back, within the grace window.
    A learner paused or blocked meanwhile keeps their NULL."""
    mine = and_(PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date, PushLog.status == "claimed")
    session.connection().execute(delete(PushLog).where(mine))
    due_again = update(User).where(User.id == claim.user_id, User.next_push_at.is_not(None))
    session.connection().execute(due_again.values(next_push_at=claim.due))
