"""Push instants across time zones and daylight-saving changes (local wall time → UTC)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studybot.timeplan import local_clock, local_day, next_push


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def push_instants(start: datetime, push_time: str, timezone: str, days: int) -> list[datetime]:
    """The next `days` pushes from `start`, each planned after the previous one was pushed."""
    out, since, after = [], start, None
    for _ in range(days):
        instant = next_push(since, push_time, timezone, after_day=after)
        out.append(instant)
        since, after = instant, local_day(instant, timezone)
    return out


def pushes(start: datetime, push_time: str, timezone: str, days: int) -> list[str]:
    """The same as "local date, local time, UTC offset" strings."""
    zone = ZoneInfo(timezone)
    return [p.astimezone(zone).strftime("%Y-%m-%d %H:%M %z") for p in push_instants(start, push_time, timezone, days)]


def test_berlin_spring_forward_fires_at_the_first_minute_after_the_gap() -> None:
    assert pushes(utc(2026, 3, 27, 12), "02:30", "Europe/Berlin", 3) == [
        "2026-03-28 02:30 +0100",
        "2026-03-29 03:00 +0200",  # 02:30 does not exist that night
        "2026-03-30 02:30 +0200",
    ]


def test_berlin_fall_back_fires_once_at_the_first_occurrence() -> None:
    assert pushes(utc(2026, 10, 24, 12), "02:30", "Europe/Berlin", 3) == [
        "2026-10-25 02:30 +0200",  # 02:30 happens twice; the second (+0100) gets nothing
        "2026-10-26 02:30 +0100",
        "2026-10-27 02:30 +0100",
    ]


def test_new_york_gap_and_fold() -> None:
    assert pushes(utc(2026, 3, 7, 12), "02:15", "America/New_York", 2) == [
        "2026-03-08 03:00 -0400",
        "2026-03-09 02:15 -0400",
    ]
    assert pushes(utc(2026, 10, 31, 12), "01:30", "America/New_York", 2) == [
        "2026-11-01 01:30 -0400",
        "2026-11-02 01:30 -0500",
    ]


def test_a_time_in_a_gap_that_ends_the_day_fires_just_before_it() -> None:
    # Nuuk springs forward at 23:00 on the last Saturday of March: 23:00 is followed by 00:00 of Sunday
    assert pushes(utc(2026, 3, 27, 12), "23:30", "America/Nuuk", 3) == [
        "2026-03-27 23:30 -0200",
        "2026-03-28 22:59 -0200",  # 23:30 does not exist that evening, and after the gap it is already Sunday
        "2026-03-29 23:30 -0100",
    ]


def test_times_next_to_a_change_are_untouched() -> None:
    assert pushes(utc(2026, 3, 28, 12), "01:59", "Europe/Berlin", 1) == ["2026-03-29 01:59 +0100"]
    assert pushes(utc(2026, 3, 28, 12), "03:00", "Europe/Berlin", 1) == ["2026-03-29 03:00 +0200"]


def test_zones_far_from_utc_push_on_their_own_date() -> None:
    # 07:30 on 2 March in Kiritimati (UTC+14) is 17:30 UTC on 1 March
    assert next_push(utc(2026, 3, 1, 12), "07:30", "Pacific/Kiritimati") == utc(2026, 3, 1, 17, 30)
    assert local_day(utc(2026, 3, 1, 17, 30), "Pacific/Kiritimati") == date(2026, 3, 2)
    # 07:30 in Pago Pago (UTC-11) is 18:30 UTC the same date
    assert next_push(utc(2026, 3, 1, 19), "07:30", "Pacific/Pago_Pago") == utc(2026, 3, 2, 18, 30)
    assert local_day(utc(2026, 3, 2, 18, 30), "Pacific/Pago_Pago") == date(2026, 3, 2)


def test_a_day_that_never_existed_gets_no_push() -> None:
    # Kiritimati jumped from UTC-10 to UTC+14 and skipped 31 December 1994
    assert pushes(utc(1994, 12, 29, 22), "09:00", "Pacific/Kiritimati", 3) == [
        "1994-12-30 09:00 -1000",
        "1995-01-01 09:00 +1400",
        "1995-01-02 09:00 +1400",
    ]


def test_the_push_of_today_still_comes_if_its_time_is_ahead() -> None:
    assert next_push(utc(2026, 3, 2, 6, 0), "07:30", "UTC") == utc(2026, 3, 2, 7, 30)
    assert next_push(utc(2026, 3, 2, 7, 30), "07:30", "UTC") == utc(2026, 3, 2, 7, 30)
    assert next_push(utc(2026, 3, 2, 7, 31), "07:30", "UTC") == utc(2026, 3, 3, 7, 30)
    assert next_push(utc(2026, 3, 2, 6, 0), "07:30", "UTC", after_day=date(2026, 3, 2)) == utc(2026, 3, 3, 7, 30)


@pytest.mark.parametrize(
    "timezone", ["Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Nuuk"]
)
@pytest.mark.parametrize("push_time", ["00:00", "01:30", "02:30", "09:00", "23:59"])
def test_one_push_per_local_day_all_year(timezone: str, push_time: str) -> None:
    instants = push_instants(utc(2026, 1, 1), push_time, timezone, 366)
    days = [local_day(instant, timezone) for instant in instants]
    assert days == [days[0] + timedelta(days=i) for i in range(366)]
    assert all(b - a <= timedelta(hours=25) for a, b in itertools.pairwise(instants))


def test_local_clock_reads_in_the_learners_zone() -> None:
    now = utc(2026, 3, 2, 22, 0)
    assert local_clock(utc(2026, 3, 3, 6, 30), "Europe/Berlin", now) == "tomorrow 07:30"
    assert local_clock(utc(2026, 3, 3, 6, 30), "Pacific/Kiritimati", now) == "today 20:30"
    assert local_clock(utc(2026, 3, 5, 6, 30), "UTC", now) == "Thu 2026-03-05 06:30"
