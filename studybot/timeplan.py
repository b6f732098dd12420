"""When a learner's daily push is due: local wall-clock time in an IANA zone (or a fixed offset) → UTC instants.

Pure functions over `zoneinfo`; no storage, no clock. Two DST rules:
- a wall time that does not exist that day (spring forward) fires at the first minute after the gap, or, where
  the gap ends the day (America/Nuuk jumps from 23:00 to Sunday 00:00), at the last minute before it;
- a wall time that happens twice (fall back) fires once, at its first occurrence (fold=0).
A whole local day that does not exist (Pacific/Kiritimati skipped 1994-12-31) has no push.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from studybot.zones import zone as zone_of

MAX_DAYS_AHEAD = 3  # a push day is found within this many days, even across a skipped day


def parse_push_time(text: str) -> time:
    """ "07:30" → time(7, 30). The engine stores push times in this form only."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def push_instant(day: date, at: time, zone: tzinfo) -> datetime | None:
    """The UTC instant of the push on local `day` at wall time `at`; None if that day has no such minute."""
    wall = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of two, or before a gap
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    instant = _end_of_gap(wall)
    if instant.astimezone(zone).date() != day:  # the day ends in the gap: its last minute before the gap
        instant -= timedelta(minutes=1)
    return instant if instant.astimezone(zone).date() == day else None


def _end_of_gap(wall: datetime) -> datetime:
    """The first instant after the gap that swallows `wall` (a wall time that does not exist).

    PEP 495: a gap time read with fold=1 uses the offset after the jump and with fold=0 the one before,
    so the transition lies between the two readings; find it by bisection on whole minutes.
    """
    early, late = sorted((wall.replace(fold=1).astimezone(UTC), wall.astimezone(UTC)))
    zone = wall.tzinfo
    after = late.astimezone(zone).utcoffset()
    while late - early > timedelta(minutes=1):
        middle = early + (late - early) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle == early:
            break
        if middle.astimezone(zone).utcoffset() == after:
            late = middle
        else:
            early = middle
    return late


def next_push(since: datetime, push_time: str, timezone: str, *, after_day: date | None = None) -> datetime:
    """The first push instant at or after `since` on a local day later than `after_day` (if given)."""
    zone, at = zone_of(timezone), parse_push_time(push_time)
    day = since.astimezone(zone).date()
    if after_day is not None and day <= after_day:
        day = after_day + timedelta(days=1)
    for offset in range(MAX_DAYS_AHEAD + 1):
        instant = push_instant(day + timedelta(days=offset), at, zone)
        if instant is not None and instant >= since:
            return instant
    raise AssertionError(f"no push time {push_time} in {timezone} within {MAX_DAYS_AHEAD} days of {since}")


def local_day(instant: datetime, timezone: str) -> date:
    """The learner's local date at `instant`: the day a push belongs to."""
    return instant.astimezone(zone_of(timezone)).date()


def local_clock(instant: datetime, timezone: str, now: datetime) -> str:
    """ "today 07:30", "tomorrow 07:30" or "Sat 2026-03-28 07:30", in the learner's zone."""
    zone = zone_of(timezone)
    local, today = instant.astimezone(zone), now.astimezone(zone).date()
    days = (local.date() - today).days
    when = {0: "today", 1: "tomorrow"}.get(days, local.strftime("%a %Y-%m-%d"))
    return f"{when} {local:%H:%M}"
