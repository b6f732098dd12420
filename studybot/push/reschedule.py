"""Keeping `users.next_push_at` true: recomputed whenever time, zone, pause or blocking change.

Paused and blocked learners have no next push (NULL), so the claim query's index range holds only
learners who will really be pushed. A day that already has a push (any status) never gets another.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from studybot.push.schedule import next_push
from studybot.storage.models import PushLog, User
from studybot.storage.repo import Profile

_LAST_DAY = select(func.max(PushLog.local_date)).where(PushLog.user_id == bindparam("uid"))
_NEXT_PUSH_AT = select(User.next_push_at).where(User.id == bindparam("uid"))


def last_pushed_day(session: Session, user_id: int) -> date | None:
    """The latest local date the learner had a push for (sent or not)."""
    return session.connection().scalar(_LAST_DAY, {"uid": user_id})


def next_push_for(session: Session, profile: Profile, now: datetime) -> datetime | None:
    """When the learner's next push is due, from their settings; None while paused or blocked."""
    if profile.paused or profile.blocked:
        return None
    return next_push(now, profile.push_time, profile.timezone, after_day=last_pushed_day(session, profile.id))


def reschedule(session: Session, profile: Profile, now: datetime) -> datetime | None:
    """Store the learner's next push instant (or none) and return it."""
    instant = next_push_for(session, profile, now)
    session.connection().execute(update(User).where(User.id == profile.id).values(next_push_at=instant))
    return instant


def scheduled_push(session: Session, user_id: int) -> datetime | None:
    return session.connection().scalar(_NEXT_PUSH_AT, {"uid": user_id})


_UNSCHEDULED = (
    select(User.id, User.timezone, User.push_time)
    .where(User.next_push_at.is_(None), User.paused.is_(False), User.blocked.is_(False))
    .limit(bindparam("limit"))
)
_LAST_DAYS = (
    select(PushLog.user_id, func.max(PushLog.local_date))
    .where(PushLog.user_id.in_(bindparam("uids", expanding=True)))
    .group_by(PushLog.user_id)
)
_SET_NEXT = update(User).where(User.id == bindparam("uid")).values(next_push_at=bindparam("next"))


def schedule_unscheduled(session: Session, now: datetime, batch: int = 5000) -> int:
    """Fill in `next_push_at` for active learners that have none (rows older than push scheduling)."""
    total, conn = 0, session.connection()
    while rows := conn.execute(_UNSCHEDULED, {"limit": batch}).all():
        last = dict(conn.execute(_LAST_DAYS, {"uids": [row.id for row in rows]}).all())
        moves = [{"uid": r.id, "next": next_push(now, r.push_time, r.timezone, after_day=last.get(r.id))} for r in rows]
        conn.execute(_SET_NEXT, moves)
        total += len(rows)
    return total
