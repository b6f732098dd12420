"""Putting the daily push off: "Later (1 h)", "Not today", and the opt-in evening reminder, as transitions
of the day's `push_log` row. Every change is one conditional UPDATE, so a repeated press, two processes'
ticks or a press racing a tick change the row once, and only the one that changed it acts on it.

- A push's buttons carry a token naming the learner's local day and the push's round (0: the daily push,
  1, 2…: each Later push), so a press on an older message of the day cannot schedule a second Later. A day
  ahead of the learner's means a push re-dated by a move west: it is today's push, if today's is that one.
- "Later" sets `later_at` (one hour on) if nothing is pending and the day is not closed; a tick claims it by
  clearing `later_at` and counting the round. An hour on that is already the learner's next day is refused
  (`TOO_LATE`): that day has a push of its own.
- "Not today" closes the day: a pending Later and the reminder are cancelled.
- The reminder (`remind_at`, 19:00 local, set when the push is claimed before 17:00 for a learner who turned
  reminders on) is claimed once, and sent only if reminders are still on, the learner has reviewed nothing
  since the push, and the day is not closed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, bindparam, exists, false, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from studybot import zones
from studybot.storage.models import PushLog, ReviewLog, User
from studybot.timeplan import local_day, push_instant

LATER = timedelta(hours=1)
EVENING = time(19, 0)  # the reminder's local time
EVENING_STARTS = time(17, 0)  # a push claimed from this local time on is itself in the evening: no reminder
OPEN_STATUSES = ("claimed", "sent")  # a press can beat the planner's "sent" by a few milliseconds
_TOKEN = re.compile(r"(\d{4})(\d{2})(\d{2})r(\d{1,3})", re.ASCII)


def token(day: date, round_: int) -> str:
    """What a push's buttons carry: "20260302r0". Alphanumeric, short enough for every platform's ids."""
    return f"{day:%Y%m%d}r{round_}"


def parse_token(text: str) -> tuple[date, int] | None:
    match = _TOKEN.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), int(match[4])
    except ValueError:
        return None


def evening_reminder_at(day: date, timezone: str, pushed_at: datetime) -> datetime | None:
    """When the reminder for `day`'s push would come, or None for a push that is itself in the evening."""
    zone = zones.zone(timezone)
    if pushed_at.astimezone(zone).time() >= EVENING_STARTS:
        return None
    return push_instant(day, EVENING, zone)


class Outcome(StrEnum):
    LATER = "later"  # a Later push is now scheduled
    CLOSED = "closed"  # the day's push is over ("Not today")
    ALREADY_LATER = "already later"  # a Later push is already pending
    ALREADY_CLOSED = "already closed"
    TOO_LATE = "too late"  # an hour on is the learner's next day: no Later push
    STALE = "stale"  # not today's push, an older message of it, or no push at all


@dataclass(frozen=True)
class PutOff:
    outcome: Outcome
    at: datetime | None = None  # when the Later push comes


def _today(user_id: int, day: date) -> ColumnElement[bool]:
    return and_(PushLog.user_id == user_id, PushLog.local_date == day)


def press(session: Session, user_id: int, timezone: str, text: str, now: datetime, *, later: bool) -> PutOff:
    """The learner pressed "Later" (`later`) or "Not today" on the push whose buttons carry `text`."""
    parsed = parse_token(text)
    day = None if parsed is None else _pushed_day(session, user_id, parsed[0], local_day(now, timezone))
    if parsed is None or day is None:
        return PutOff(Outcome.STALE)
    round_ = parsed[1]
    conn, mine = session.connection(), _today(user_id, day)
    open_day = and_(mine, PushLog.status.in_(OPEN_STATUSES), PushLog.closed == false())
    at = now + LATER
    too_late = later and local_day(at, timezone) != day
    if later and not too_late:
        changed = conn.execute(
            update(PushLog).where(open_day, PushLog.rounds == round_, PushLog.later_at.is_(None)).values(later_at=at)
        ).rowcount
        if changed:  # the reminder comes no sooner than an hour after the Later push
            conn.execute(update(PushLog).where(mine, PushLog.remind_at < at + LATER).values(remind_at=at + LATER))
            return PutOff(Outcome.LATER, at)
    elif not later:
        closing = update(PushLog).where(open_day).values(closed=True, later_at=None, remind_at=None)
        if conn.execute(closing).rowcount:
            return PutOff(Outcome.CLOSED)
    row = conn.execute(select(PushLog.closed, PushLog.later_at, PushLog.rounds, PushLog.status).where(mine)).first()
    if row is None:
        return PutOff(Outcome.STALE)
    if row.closed:
        return PutOff(Outcome.ALREADY_CLOSED)
    if row.later_at is not None:
        return PutOff(Outcome.ALREADY_LATER, row.later_at)
    if too_late and row.rounds == round_ and row.status in OPEN_STATUSES:
        return PutOff(Outcome.TOO_LATE)
    return PutOff(Outcome.STALE)


def _pushed_day(session: Session, user_id: int, day: date, today: date) -> date | None:
    """The date the push whose buttons name `day` has now, if it is today's: `day` itself, or today for a push
    dated in a zone further east that a move west re-dated to the day it was sent here
    (reschedule.redate_pushes): its date then has no push of its own, and is at most two days ahead (zones
    lie within 26 hours). None: not today's push."""
    if day == today:
        return today
    if not today < day <= today + timedelta(days=2):
        return None
    dated_so = session.connection().scalar(select(PushLog.id).where(_today(user_id, day)))
    return today if dated_so is None else None


@dataclass(frozen=True)
class FollowUp:
    """A Later push (`round_` ≥ 1) or the evening reminder (`round_` None) this process now owns."""

    user_id: int
    platform: str
    external_id: str
    local_date: date
    round_: int | None


_DUE = (
    select(PushLog.id, PushLog.user_id, PushLog.local_date, PushLog.later_at, PushLog.rounds, User.platform)
    .join(User, User.id == PushLog.user_id)
    .where(
        PushLog.closed == false(),
        or_(PushLog.later_at <= bindparam("now"), PushLog.remind_at <= bindparam("now")),
        User.platform.in_(bindparam("platforms", expanding=True)),
    )
    .limit(bindparam("limit"))
)


def claim_follow_ups(session: Session, now: datetime, *, platforms: frozenset[str], limit: int) -> list[FollowUp]:
    """Claim up to `limit` due Later pushes and reminders; each is claimed by one conditional UPDATE, so a
    racing process (or tick) that read the same row changes nothing and does not send it."""
    if not platforms or limit <= 0:
        return []
    statement = _DUE.with_for_update(skip_locked=True, of=PushLog)
    if session.get_bind().dialect.name != "postgresql":
        statement = _DUE
    while True:  # past batches whose follow-ups are all no longer wanted (the learner paused, say)
        rows = session.connection().execute(statement, {"now": now, "platforms": sorted(platforms), "limit": limit})
        claimed = _claim_rows(session, rows.all(), now)
        wanted = [follow_up for row, round_ in claimed if (follow_up := _wanted(session, row, round_, now))]
        if wanted or not claimed:
            return wanted


def _claim_rows(session: Session, rows: Sequence[Any], now: datetime) -> list[tuple[Any, int | None]]:
    """The rows this transaction took, each with the round of its Later push (None: the reminder)."""
    conn, claimed = session.connection(), []
    for row in rows:
        later = row.later_at is not None and row.later_at <= now
        mine = PushLog.id == row.id
        if later:
            step = update(PushLog).where(mine, PushLog.later_at == row.later_at, PushLog.closed == false())
            if conn.execute(step.values(later_at=None, rounds=PushLog.rounds + 1)).rowcount:
                claimed.append((row, row.rounds + 1))
        else:
            due = and_(mine, PushLog.later_at.is_(None), PushLog.remind_at <= now, PushLog.closed == false())
            if conn.execute(update(PushLog).where(due).values(remind_at=None)).rowcount:
                claimed.append((row, None))
    return claimed


def _wanted(session: Session, row: Any, round_: int | None, now: datetime) -> FollowUp | None:
    """The claimed follow-up if it is still wanted: the learner is active, it is still the push's day, and
    (a reminder) they asked for reminders, the push went out, and they have not reviewed since."""
    user_id, day = row.user_id, row.local_date
    learner = (
        session.connection()
        .execute(
            select(User.external_id, User.timezone, User.paused, User.blocked, User.push_reminder).where(
                User.id == user_id
            )
        )
        .one()
    )
    if learner.paused or learner.blocked or local_day(now, learner.timezone) != day:
        return None
    if round_ is None and not _reminder_wanted(session, user_id, day, learner.push_reminder):
        return None
    return FollowUp(user_id, row.platform, learner.external_id, day, round_)


def _reminder_wanted(session: Session, user_id: int, day: date, turned_on: bool) -> bool:
    if not turned_on:
        return False
    push = select(PushLog.status, PushLog.claimed_at).where(_today(user_id, day))
    sent = session.connection().execute(push).one()
    if sent.status != "sent":
        return False
    answered = exists().where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= sent.claimed_at)
    return not session.connection().scalar(select(answered))
