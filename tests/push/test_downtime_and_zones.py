"""Pushes after downtime (the grace window), across DST changes, and in zones far from UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from studybot.engine.replies import Notice, SettingsView, Stats
from studybot.push.planner import Planner
from studybot.storage.models import PushSchedule
from tests.conftest import FakeClock
from tests.push.conftest import Say, join, push_log
from tests.push.recording import RecordingDelivery


async def test_a_push_missed_by_less_than_the_grace_window_is_sent_once_on_start(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana")  # due 09:00 UTC; the bot is down until 10:45
    clock.now = datetime(2026, 3, 2, 10, 45, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert await planner.tick() == {}
    assert push_log(planner.engine.db) == [("ana", "2026-03-02", "sent")]


async def test_an_older_missed_push_is_skipped_to_the_next_day(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    clock.now = datetime(2026, 3, 2, 11, 1, tzinfo=UTC)  # 2 h 1 min late
    assert await planner.tick() == {}
    view = await say(ana, "/settings")
    assert isinstance(view, SettingsView)
    assert view.next_push == "tomorrow 09:00"
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}


async def test_after_days_of_downtime_only_todays_push_within_the_window_is_sent(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana")
    clock.now = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)  # down since 2 March; today's 09:00 is an hour late
    assert await planner.tick() == {"sent": 1}
    assert push_log(planner.engine.db) == [("ana", "2026-03-05", "sent")]


async def test_learners_from_before_push_scheduling_are_scheduled_on_start(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana")
    with planner.engine.db.transaction() as session:
        session.query(PushSchedule).delete()  # rows from before push scheduling have no schedule
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {}
    assert await planner.prepare() == 1
    assert await planner.tick() == {"sent": 1}


async def test_berlin_spring_forward_and_fall_back(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    await join(say, "ana", "/settings tz Europe/Berlin", "/settings time 02:30")
    clock.now = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)  # 01:59 CET; 02:30 never comes that night
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST, the first minute after the gap
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first of two
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second
    assert await planner.tick() == {}
    assert push_log(planner.engine.db) == [("ana", "2026-03-29", "sent"), ("ana", "2026-10-25", "sent")]


async def test_new_york_spring_forward_and_fall_back(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    ana = await join(say, "ana", "/settings tz America/New_York", "/settings time 02:15")
    clock.now = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)  # 01:59 EST
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert await planner.tick() == {"sent": 1}
    await say(ana, "/settings time 01:30")
    clock.now = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert await planner.tick() == {}
    assert [day for _, day, _ in push_log(planner.engine.db)] == ["2026-03-08", "2026-11-01"]


async def test_kiritimati_and_pago_pago_are_pushed_on_their_own_dates(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    await join(say, "kiri", "/settings tz Pacific/Kiritimati", "/settings time 07:30")  # UTC+14
    await join(say, "pago", "/settings tz Pacific/Pago_Pago", "/settings time 07:30")  # UTC-11
    clock.now = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 07:30 on 2 March in Kiritimati
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)  # 07:30 on 1 March in Pago Pago
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert push_log(planner.engine.db) == [
        ("kiri", "2026-03-02", "sent"),
        ("pago", "2026-03-01", "sent"),
        ("kiri", "2026-03-03", "sent"),
    ]


async def test_a_learner_on_a_fixed_offset_with_the_evening_reminder_is_pushed_and_reminded(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    ana = await join(say, "ana", "/settings timezone UTC+5:30", "/settings time 09:00", "/settings reminder on")
    clock.now = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)  # 09:00 at UTC+05:30
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 3, 2, 13, 30, tzinfo=UTC)  # 19:00 there
    assert await planner.tick() == {"reminder sent": 1}
    assert push_log(planner.engine.db) == [("ana", "2026-03-02", "sent")]
    await say(ana, "/quiz")
    await say(ana, "1")
    stats = await say(ana, "/stats")  # answers are counted by the learner's own days
    assert isinstance(stats, Stats)
    assert stats.reviewed_today == 1


async def test_a_learner_who_flies_west_after_the_push_is_pushed_at_the_next_push_time_of_the_new_zone(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    ana = await join(say, "ana", "/settings tz Asia/Tokyo", "/settings time 09:00")
    for day in (2, 3):  # 09:00 on 2 and 3 March in Tokyo
        clock.now = datetime(2026, 3, day, 0, 0, tzinfo=UTC)
        assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # she lands in New York: 21:00 on 2 March there
    await say(ana, "/settings tz America/New_York")

    view = await say(ana, "/settings")
    assert isinstance(view, SettingsView)
    assert view.next_push == "tomorrow 09:00"  # 3 March in New York, not the 4th: 12 hours on, not 36
    clock.now = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)  # 09:00 on 3 March in New York
    assert await planner.tick() == {"sent": 1}
    clock.now = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert delivery.sent_to() == ["ana"] * 4


async def test_a_learner_who_flies_west_after_the_push_can_still_put_it_off(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    """The push is dated 3 March in Tokyo and its buttons say so; in New York it is dated 2 March, the day it
    came there: its Later and Not today still do what they say."""
    clock.now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    ana = await join(say, "ana", "/settings tz Asia/Tokyo", "/settings time 09:00")
    clock.now = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 09:00 on 3 March in Tokyo
    assert await planner.tick() == {"sent": 1}
    [(_, push)] = delivery.sent
    assert isinstance(push, Notice)
    assert push.put_off is not None
    clock.now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # she lands in New York: 21:00 on 2 March there
    await say(ana, "/settings tz America/New_York")

    assert (await planner.engine.put_off(ana, push.put_off, later=True)).text == "OK, I'll ask again at 22:00."
    clock.advance(hours=1)
    assert await planner.tick() == {"later sent": 1}
    again = delivery.sent[-1][1]
    assert isinstance(again, Notice)
    assert again.put_off is not None
    said = await planner.engine.put_off(ana, again.put_off, later=False)
    assert said.text == "OK, no more quiz today. See you tomorrow! (/quiz any time)"
    clock.now = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)  # 09:00 on 3 March in New York: that day's own push
    assert await planner.tick() == {"sent": 1}
    assert delivery.sent_to() == ["ana"] * 3
