"""Claiming due learners in the database: the only coordination between ticks, processes and restarts.

One short transaction per batch: lock due rows of `push_schedule` (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
so two processes never take the same learner; SQLite's `BEGIN IMMEDIATE` serialises claimers), move each
`next_push_at` to the next day and mark the row queued for the learner's local date, by this tick. That is
one narrow write per learner, whatever the size of the batch.

A queued push is only a place in a tick's queue: `start` clears the mark and writes the day's `push_log` row
("claimed") just before the send, in one transaction, so exactly one process starts it, and a learner whose
local date already has a row (any status) is not pushed again, whatever happened to their settings. Queued
pushes of a process that stopped without putting them back are taken over by another after `lease`
(studybot/push/takeover.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, case, literal, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.push.later import evening_reminder_at
from studybot.push.marks import queue_marks
from studybot.storage.models import PushLog, PushSchedule, User
from studybot.timeplan import local_day, next_push


class Claim(NamedTuple):  # a tuple: a popular minute makes ten thousand of them at once
    """A learner whose push for `local_date` a tick has queued. Where to send it (`external_id`) and whether
    the learner wants the evening reminder are read when its send begins (`start`), from their row."""

    user_id: int
    platform: str
    local_date: date
    due: datetime  # the push instant it was queued for (`Plan.due`), restored as `next_push_at` if released
    queued_at: datetime  # when it was queued: whoever queued it last may start it
    timezone: str
    external_id: str = ""
    reminder: bool = False


@dataclass(frozen=True)
class Plan:
    """What a due row turns into: a push for `day` (None: nothing now), due at `due`, and the next instant to
    store. `due` is the push instant of `day`, the one inside the grace window for a push missed by more (the
    bot or the platform was down long): a takeover's grace is counted from it, not from a day ago."""

    day: date | None
    next_push_at: datetime
    due: datetime


_DUE = (  # the schedule rows alone: a claim reads no `users` row (paused or blocked learners have no next push)
    select(
        PushSchedule.user_id.label("id"),
        PushSchedule.platform,
        PushSchedule.timezone,
        PushSchedule.push_time,
        PushSchedule.next_push_at,
    )
    .where(
        PushSchedule.next_push_at <= bindparam("now"),
        PushSchedule.platform.in_(bindparam("platforms", expanding=True)),
    )
    .order_by(PushSchedule.next_push_at)
    .limit(bindparam("limit"))
)
_LOCK_DUE = _DUE.with_for_update(skip_locked=True)
_NOT_WAITING_FOR_DISK = text("SET LOCAL synchronous_commit TO OFF")


def plan(due: datetime, push_time: str, timezone: str, now: datetime, grace: timedelta) -> Plan:
    """Push for the day `due` falls on, unless it was missed by more than `grace`: then the learner's push
    that falls within the window is sent (there may be one today), or else none until the next day."""
    if due < now - grace:
        due = next_push(now - grace, push_time, timezone)
        if due > now:
            return Plan(None, due, due)
    day = local_day(due, timezone)
    return Plan(day, next_push(now, push_time, timezone, after_day=day), due)


def claim_due(
    session: Session, now: datetime, *, platforms: frozenset[str], limit: int, grace: timedelta, owner: str = ""
) -> list[Claim]:
    """Queue, for tick `owner`, up to `limit` learners whose push is due at `now` on one of `platforms`."""
    if not platforms or limit <= 0:
        return []
    dialect = session.get_bind().dialect.name
    statement = _LOCK_DUE if dialect == "postgresql" else _DUE
    params = {"now": now, "platforms": sorted(platforms), "limit": limit}
    if dialect == "postgresql":
        # A claim lost in a crash is only claimed again: nothing was sent for it, since a push's start commits
        # durably, and that flushes the log up to it, this claim included. So the claim need not wait for disk.
        session.connection().execute(_NOT_WAITING_FOR_DISK)
    rows = session.connection().execute(statement, params).all()
    if not rows:
        return []
    plans = _plans(rows, now, grace)
    marks = [(row.id, plans[row.id].due, plans[row.id].next_push_at, plans[row.id].day) for row in rows]
    queue_marks(session, marks, now, owner)
    return [
        Claim(row.id, row.platform, day, plans[row.id].due, now, row.timezone)
        for row in rows
        if (day := plans[row.id].day) is not None
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


def _still_queued(claim: Claim) -> ColumnElement[bool]:
    """Its schedule row, still queued as this claim queued it (not begun, not taken over since)."""
    return and_(
        PushSchedule.user_id == claim.user_id,
        PushSchedule.queued_day == claim.local_date,
        PushSchedule.queued_at == claim.queued_at,
    )


_UNQUEUED = {"queued_day": None, "queued_at": None, "queued_by": None, "queued_due": None}


_RECIPIENT = select(User.platform, User.external_id, User.push_reminder, User.linked_to).where(
    User.id == bindparam("uid")
)


def start(session: Session, claim: Claim, now: datetime) -> Claim | None:
    """The queued push's send begins: its mark is cleared and the day's push_log row written ("claimed").
    The claim, with where to send it; None when another process took it over, or the learner's day already
    has a push."""
    recipient = session.connection().execute(_RECIPIENT, {"uid": claim.user_id}).one()
    if recipient.platform != claim.platform or recipient.linked_to is not None:
        # since the claim, the learner wrote from another linked account (the row answers to it now) or this
        # account was linked to another learner: put it back, for a claim on the right platform (if any)
        release(session, claim)
        return None
    begun = update(PushSchedule).where(_still_queued(claim)).values(**_UNQUEUED)
    if session.connection().execute(begun).rowcount != 1:
        return None
    remind = evening_reminder_at(claim.local_date, claim.timezone, now) if recipient.push_reminder else None
    row = {"user_id": claim.user_id, "local_date": claim.local_date, "status": "claimed", "claimed_at": now}
    builder = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    logged = builder(PushLog).values(**row, remind_at=remind).on_conflict_do_nothing().returning(PushLog.id)
    if session.connection().execute(logged).first() is None:
        return None
    return claim._replace(external_id=recipient.external_id, reminder=recipient.push_reminder)


def _mine(claim: Claim) -> ColumnElement[bool]:
    return and_(PushLog.user_id == claim.user_id, PushLog.local_date == claim.local_date)


def finish(session: Session, claim: Claim, status: str, now: datetime) -> None:
    """Record how a started push ended: sent, blocked, failed, or skipped (below the threshold)."""
    session.connection().execute(update(PushLog).where(_mine(claim)).values(status=status, finished_at=now))
    if status == "blocked":
        session.connection().execute(update(User).where(User.id == claim.user_id).values(blocked=True))
        unscheduled = update(PushSchedule).where(PushSchedule.user_id == claim.user_id)
        session.connection().execute(unscheduled.values(next_push_at=None))


def release(session: Session, claim: Claim) -> None:
    """Undo a queued push that was not started (its platform went down, or the tick is stopping): the
    learner is due again, and a later tick (here or in another process) pushes them, within the grace
    window. A learner paused or blocked meanwhile keeps their NULL."""
    due = literal(claim.due, PushSchedule.next_push_at.type)  # stored as the column stores it (naive UTC)
    kept = case((PushSchedule.next_push_at.is_(None), None), else_=due)
    put_back = update(PushSchedule).where(_still_queued(claim)).values(next_push_at=kept, **_UNQUEUED)
    session.connection().execute(put_back)


def release_all(session: Session, claims: Sequence[Claim]) -> None:
    for claim in claims:
        release(session, claim)
