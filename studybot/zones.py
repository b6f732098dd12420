"""A learner's timezone as stored: an IANA name ("Europe/Berlin") or a fixed offset ("UTC+05:30").

The one place a stored name becomes a tzinfo, for the engine and the push planner alike. A fixed offset
follows no daylight saving time: that is what the learner asked for when they typed one.
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

MAX_OFFSET = timedelta(hours=14)  # Pacific/Kiritimati; the most negative in use is -12:00
_STORED = re.compile(r"UTC([+-])([0-9]{2}):([0-9]{2})", re.ASCII)
_TYPED = re.compile(r"(?:utc|gmt)?\s*([+\-−])\s*([0-9]{1,2})(?:[:.h]?([0-9]{2}))?", re.ASCII | re.IGNORECASE)


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo of a stored timezone name; ZoneInfo's errors for a name that is neither kind."""
    fixed = _STORED.fullmatch(name)
    if fixed is None:
        return ZoneInfo(name)
    sign = -1 if fixed[1] == "-" else 1
    return timezone(sign * timedelta(hours=int(fixed[2]), minutes=int(fixed[3])), name)


def fixed_offset(typed: str) -> str | None:
    """ "UTC+1", "utc-03:30", "+05:30", "GMT+2" → its stored name ("UTC+01:00"); None if it is not one,
    or is beyond the offsets in use (−12:00 to +14:00)."""
    match = _TYPED.fullmatch(typed.strip().replace("−", "-"))
    if match is None:
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    offset = timedelta(hours=hours, minutes=minutes)
    negative = match[1] == "-"
    if minutes >= 60 or offset > (timedelta(hours=12) if negative else MAX_OFFSET):
        return None
    if not offset:
        return "UTC"
    return f"UTC{'-' if negative else '+'}{hours:02d}:{minutes:02d}"


def is_fixed(name: str) -> bool:
    return _STORED.fullmatch(name) is not None
