"""Keeping `push_schedule.next_push_at` true: recomputed whenever time, zone, pause or blocking change.

Paused and blocked learners have no next push (NULL), so the claim query's index range holds only
learners who will really be pushed. A day that already has a push (any status) never gets another.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, func, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.storage.models import PushLog, PushSchedule, User
from studybot.storage.repo import Profile
from studybot.timeplan import MAX_DAYS_AHEAD, local_day, next_push

# a push queued by a claim and not begun has no push_log row yet, but its day is taken all the same
_PUSHED_DAYS = union_all(
    select(PushLog.local_date.label("day")).where(PushLog.user_id == bindparam("uid")),
    select(PushSchedule.queued_day.label("day")).where(PushSchedule.user_id == bindparam("uid")),
).subquery()
_LAST_DAY = select(func.max(_PUSHED_DAYS.c.day))
_NEXT_PUSH_AT = select(PushSchedule.next_push_at).where(PushSchedule.user_id == bindparam("uid"))


def last_pushed_day(session: Session, user_id: int) -> date | None:
    """The latest local date the learner had a push for (sent or not, or queued to be sent)."""
    day: date | None = session.connection().scalar(_LAST_DAY, {"uid": user_id})
    return day


def next_push_for(session: Session, profile: Profile, now: datetime) -> datetime | None:
    """When the learner's next push is due, from their settings; None while paused or blocked."""
    if profile.paused or profile.blocked:
        return None
    redate_pushes(session, profile.id, profile.timezone, now)
    return next_push(now, profile.push_time, profile.timezone, after_day=last_pushed_day(session, profile.id))


_RECENT = (
    select(PushLog.id, PushLog.local_date, PushLog.claimed_at, PushLog.status)
    .where(PushLog.user_id == bindparam("uid"), PushLog.local_date >= bindparam("since"))
    .order_by(PushLog.local_date)
)


def redate_pushes(session: Session, user_id: int, timezone: str, now: datetime) -> None:
    """A learner who moved west lives dates again: a push dated 3 March in Tokyo was sent on 2 March in New
    York. Each recent push is dated, earliest first, by the day it was sent in the learner's zone when that
    is earlier (never onto a date that has a push), so the next push is the zone's next push time not
    served yet instead of a day later. In an unchanged zone no push is sent before its own date: no change."""
    since = local_day(now, timezone) - timedelta(days=MAX_DAYS_AHEAD)
    rows = session.connection().execute(_RECENT, {"uid": user_id, "since": since - timedelta(days=2)}).all()
    taken = {row.local_date for row in rows}
    for row in rows:
        sent = local_day(row.claimed_at.replace(tzinfo=row.claimed_at.tzinfo or UTC), timezone)
        # a push being sent ("claimed") is finished by its date: it keeps it
        if row.local_date >= since and sent < row.local_date and sent not in taken and row.status != "claimed":
            redated = update(PushLog).where(PushLog.id == row.id).values(local_date=sent)
            session.connection().execute(redated)
            taken = (taken - {row.local_date}) | {sent}


def reschedule(session: Session, profile: Profile, now: datetime) -> datetime | None:
    """Store the learner's next push instant (or none) and return it."""
    instant = next_push_for(session, profile, now)
    store_next_push(session, [(profile.id, profile.platform, profile.push_time, profile.timezone, instant)])
    return instant


Schedule = tuple[int, str, str, str, datetime | None]  # a learner's id, platform, push time, zone, next push


def store_next_push(session: Session, schedules: list[Schedule]) -> None:
    """Each learner's schedule row, with the settings its next push came from; made if they have none yet."""
    if not schedules:
        return
    builder = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    names = ("user_id", "platform", "push_time", "timezone", "next_push_at")
    upsert = builder(PushSchedule)
    upsert = upsert.on_conflict_do_update(
        index_elements=[PushSchedule.user_id],
        set_={name: upsert.excluded[name] for name in names[1:]},
    )
    session.connection().execute(upsert, [dict(zip(names, schedule, strict=True)) for schedule in schedules])


def scheduled_push(session: Session, user_id: int) -> datetime | None:
    return session.connection().scalar(_NEXT_PUSH_AT, {"uid": user_id})


_UNSCHEDULED = (
    select(User.id, User.platform, User.timezone, User.push_time)
    .outerjoin(PushSchedule, PushSchedule.user_id == User.id)
    .where(
        PushSchedule.next_push_at.is_(None),
        User.paused.is_(False),
        User.blocked.is_(False),
        User.linked_to.is_(None),  # a linked account's pushes go through the learner's row
    )
    .limit(bindparam("limit"))
)
_LAST_DAYS = (
    select(PushLog.user_id, func.max(PushLog.local_date))
    .where(PushLog.user_id.in_(bindparam("uids", expanding=True)))
    .group_by(PushLog.user_id)
)


def schedule_unscheduled(session: Session, now: datetime, batch: int = 5000) -> int:
    """Fill in `next_push_at` for active learners that have none (rows older than push scheduling)."""
    total, conn = 0, session.connection()
    while rows := conn.execute(_UNSCHEDULED, {"limit": batch}).all():
        last = dict(conn.execute(_LAST_DAYS, {"uids": [row.id for row in rows]}).all())
        store_next_push(
            session,
            [
                (
                    r.id,
                    r.platform,
                    r.push_time,
                    r.timezone,
                    next_push(now, r.push_time, r.timezone, after_day=last.get(r.id)),
                )
                for r in rows
            ],
        )
        total += len(rows)
    return total
