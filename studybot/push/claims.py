"""Claiming due learners in the database: the only coordination between ticks, processes and restarts.

One short transaction per batch: lock due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes
never take the same learner; SQLite's `BEGIN IMMEDIATE` serialises claimers), write one `push_log` row per
learner and local date in status "queued", and move `next_push_at` to the next day. A learner whose local
date already has a row is not pushed again, whatever happened to their settings.

A queued push is only a place in this process's queue: `start` turns it "claimed" just before its send,
with one conditional UPDATE, so exactly one process starts it. Queued pushes of a process that stopped
without putting them back are taken over by another after `lease` (studybot/push/takeover.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, false, select, text, update
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
    queued_at: datetime  # its push_log row's `claimed_at` while queued: whoever set it may start it


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
    session: Session, now: datetime, *, platforms: frozenset[str], limit: int, grace: timedelta, owner: str = ""
) -> list[Claim]:
    """Claim up to `limit` learners whose push is due at `now` on one of `platforms`, queued by `owner` (the
    claiming process's token)."""
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
        inserted = _move_and_log_postgres(session, moves, wanted, now, owner)
    else:
        _move(session, moves)
        inserted = _log(session, wanted, now, owner) if wanted else set()
    return [
        Claim(row.id, row.platform, row.external_id, wanted[row.id][0], row.next_push_at, now)
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
# One statement for the batch on PostgreSQL: each learner's next push stored, and a "queued" row for each
# learner with a push today; a day that already has a row (any status) is skipped, so it is not pushed again.
# Arrays keep the statement's text the same for every batch, so it is parsed and planned once.
_MOVE_AND_LOG_POSTGRES = text(
    "WITH moved AS (UPDATE users SET next_push_at = m.next"
    " FROM unnest(CAST(:uids AS integer[]), CAST(:nexts AS timestamp[])) AS m(uid, next) WHERE users.id = m.uid)"
    " INSERT INTO push_log (user_id, local_date, status, claimed_at, queued_by, remind_at)"
    " SELECT l.uid, l.day, 'queued', CAST(:now AS timestamp), CAST(:owner AS varchar), l.remind"
    " FROM unnest(CAST(:log_uids AS integer[]), CAST(:days AS date[]), CAST(:reminds AS timestamp[]))"
    " AS l(uid, day, remind)"
    " ON CONFLICT DO NOTHING RETURNING user_id"
)


def _array(values: Iterable[int | date | datetime | None]) -> str:
    """A PostgreSQL array literal, sent as one text parameter: psycopg adapts a list element by element in
    Python, which cost more than the statement's own work for a batch. Datetimes are naive UTC."""
    texts: dict[object, str] = {}  # a batch's learners mostly share one instant and one day
    for value in values:
        if value not in texts:
            texts[value] = "NULL" if value is None else value.isoformat() if isinstance(value, date) else str(value)
    return "{" + ",".join(texts[value] for value in values) + "}" if texts else "{}"


def _naive(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(tzinfo=None)


def _move_and_log_postgres(
    session: Session,
    next_push_at: dict[int, datetime],
    wanted: dict[int, tuple[date, datetime | None]],
    now: datetime,
    owner: str,
) -> set[int]:
    naive = {instant: _naive(instant) for instant in set(next_push_at.values())}
    params = {
        "owner": owner,
        "uids": _array(next_push_at),
        "nexts": _array([naive[instant] for instant in next_push_at.values()]),
        "log_uids": _array(wanted),
        "days": _array([day for day, _remind in wanted.values()]),
        "reminds": _array([None if remind is None else _naive(remind) for _day, remind in wanted.values()]),
        "now": _naive(now),
    }
    return set(session.connection().execute(_MOVE_AND_LOG_POSTGRES, params).scalars())


def _move(session: Session, next_push_at: dict[int, datetime]) -> None:
    """Store each learner's next push (SQLite runs in-process: a statement each is cheap there)."""
    session.connection().execute(_MOVE, [{"uid": uid, "next": instant} for uid, instant in next_push_at.items()])


def _log(session: Session, wanted: dict[int, tuple[date, datetime | None]], now: datetime, owner: str) -> set[int]:
    """A "queued" row per learner and day; a day that already has a row (any status) is skipped."""
    queued = {"status": "queued", "claimed_at": now, "queued_by": owner}
    rows = [{"user_id": uid, "local_date": day, "remind_at": remind, **queued} for uid, (day, remind) in wanted.items()]
    insert = sqlite.insert(PushLog).on_conflict_do_nothing().returning(PushLog.user_id)
    return set(session.connection().execute(insert, rows).scalars())


def _mine(claim: Claim) -> ColumnElement[bool]:
    return and_(PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date)


def _still_queued(claim: Claim) -> ColumnElement[bool]:
    """Its row, still queued as this claim queued it (not begun, not taken over since)."""
    return and_(_mine(claim), PushLog.status == "queued", PushLog.claimed_at == claim.queued_at)


def start(session: Session, claim: Claim, now: datetime) -> bool:
    """Mark the queued push "claimed" as its send begins; False when another process took it over."""
    begun = update(PushLog).where(_still_queued(claim)).values(status="claimed", claimed_at=now)
    started = session.connection().execute(begun)
    return started.rowcount == 1


def finish(session: Session, claim: Claim, status: str, now: datetime) -> None:
    """Record how a started push ended: sent, blocked, failed, or skipped (below the threshold)."""
    session.connection().execute(update(PushLog).where(_mine(claim)).values(status=status, finished_at=now))
    if status == "blocked":
        blocked = update(User).where(User.id == claim.user_id).values(blocked=True, next_push_at=None)
        session.connection().execute(blocked)


def release(session: Session, claim: Claim) -> None:
    """Undo a queued push that was not started (its platform went down, or the process is stopping): the
    learner is due again, and a later tick (here or in another process) pushes them, within the grace
    window. A learner paused or blocked meanwhile keeps their NULL."""
    if session.connection().execute(delete(PushLog).where(_still_queued(claim))).rowcount:
        due_again = update(User).where(User.id == claim.user_id, User.next_push_at.is_not(None))
        session.connection().execute(due_again.values(next_push_at=claim.due))


def release_all(session: Session, claims: Sequence[Claim]) -> None:
    for claim in claims:
        release(session, claim)
