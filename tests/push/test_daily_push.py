"""The daily push as learners live it: their own time, once a day, their settings respected."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from studybot.adapters.console import render
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.replies import Level, Notice, Prompt, SettingsView
from studybot.push.delivery import DeliveryResult
from studybot.push.planner import Planner
from tests.conftest import FakeClock
from tests.push.conftest import Say, join, push_log
from tests.push.recording import RecordingDelivery


async def test_the_push_comes_at_the_learners_time_with_the_first_card(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    await join(say, "ana", "/settings tz Europe/Berlin", "/settings time 09:30")  # 08:30 UTC in March
    clock.now = datetime(2026, 3, 2, 8, 29, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    [(to, reply)] = delivery.sent
    assert to == "ana"
    assert isinstance(reply, Notice)
    assert reply.text == "8 cards due (8 new) — here is the first one"
    assert isinstance(reply.next, Prompt)
    assert render(reply).startswith("8 cards due (8 new) — here is the first one\n\n")
    clock.advance(minutes=1)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert push_log(planner.engine.db) == [("ana", "2026-03-02", "sent"), ("ana", "2026-03-03", "sent")]


async def test_the_first_card_can_be_answered_right_away(
    say: Say, planner: Planner, delivery: RecordingDelivery
) -> None:
    ana = await join(say, "ana", "/settings time 08:00")  # the clock says 08:00 UTC
    await planner.tick()
    [(_, reply)] = delivery.sent
    assert isinstance(reply, Notice)
    assert isinstance(reply.next, Prompt)
    assert await say(ana, "/quiz") == reply.next  # the pushed card is the open question


async def test_settings_show_the_next_push_in_the_learners_time(say: Say, clock: FakeClock) -> None:
    ana = await join(say, "ana")
    view = await say(ana, "/settings tz America/New_York")
    assert isinstance(view, SettingsView)
    assert view.next_push == "today 09:00"  # 08:00 UTC is 03:00 in New York
    assert "Daily quiz at 09:00 (America/New_York) — next today 09:00, when at least 1 card waits" in render(view)
    view = await say(ana, "/settings time 02:00")
    assert isinstance(view, SettingsView)
    assert view.next_push == "tomorrow 02:00"


async def test_changing_the_time_after_todays_push_waits_for_tomorrow(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    view = await say(ana, "/settings time 20:00")
    assert isinstance(view, SettingsView)
    assert view.next_push == "tomorrow 20:00"
    clock.now = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert delivery.sent_to() == ["ana", "ana"]


async def test_moving_the_time_later_before_todays_push_still_pushes_today(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    await say(ana, "/settings time 20:00")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}


async def test_a_timezone_change_after_the_push_does_not_push_again_that_day(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    await planner.tick()
    await say(ana, "/settings tz America/Los_Angeles")  # 09:00 there is 17:00 UTC, still 2 March there
    clock.now = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}


async def test_paused_learners_get_nothing_until_they_resume(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana", "/pause")
    view = await say(ana, "/settings")
    assert isinstance(view, SettingsView)
    assert view.next_push is None
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    resumed = await say(ana, "/resume")
    assert isinstance(resumed, Notice)
    assert resumed.text == "Daily quizzes resumed at 09:00 (UTC); the next one tomorrow 09:00."
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    await say(ana, "/settings pause on")
    clock.now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {}


async def test_a_learner_who_blocked_the_bot_is_marked_and_skipped_until_they_come_back(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    await join(say, "ben")
    delivery.script["ana"] = [DeliveryResult.BLOCKED]
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"blocked": 1, "sent": 1}
    assert (await planner.engine.admin_stats()).blocked == 1
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    assert delivery.calls["ana"] == 1
    await say(ana, "/quiz")  # ana is back
    clock.now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 2}
    assert delivery.sent_to().count("ana") == 1


async def test_the_threshold_holds_the_push_until_enough_cards_wait(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana", "/settings threshold 9")
    await join(say, "ben", "/settings threshold 8")
    view = await say(ana, "/settings")
    assert isinstance(view, SettingsView)
    assert view.push_threshold == 9
    assert await say(ana, "/settings threshold 0") == Notice(
        "The push threshold is a whole number from 1 to 500.", Level.ERROR
    )
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1, "skipped": 1}
    assert delivery.sent_to() == ["ben"]
    assert sorted(push_log(planner.engine.db)) == [("ana", "2026-03-02", "skipped"), ("ben", "2026-03-02", "sent")]


async def test_a_learner_with_nothing_to_study_is_not_pushed(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    await say(ana, "/unsubscribe physics")
    await say(ana, "/unsubscribe chemistry")
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert await planner.tick() == {"skipped": 1}
    assert delivery.sent == []


async def test_a_fixed_offset_is_stored_as_typed_and_pushes_at_the_same_utc_time_across_dst(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana", "/settings time 09:00")
    view = await say(ana, "/settings timezone UTC-03:30")
    assert isinstance(view, SettingsView)
    assert view.timezone == "UTC-03:30"
    assert view.message == "Saved: timezone = UTC-03:30 (a fixed offset: it does not follow daylight saving time)."
    assert view.next_push == "today 09:00"  # 08:00 UTC is 04:30 at -03:30
    clock.now = datetime(2026, 3, 2, 12, 29, tzinfo=UTC)
    assert await planner.tick() == {}
    clock.now = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)  # 09:00 at -03:30
    assert await planner.tick() == {"sent": 1}
    await say(ana, "/settings timezone +01:00")
    for day in (28, 29, 30):  # Europe moves its clocks on 29 March; a fixed offset does not
        clock.now = datetime(2026, 3, day, 7, 59, tzinfo=UTC)
        assert await planner.tick() == {}
        clock.now = datetime(2026, 3, day, 8, 0, tzinfo=UTC)
        assert await planner.tick() == {"sent": 1}
    assert [day for _, day, _ in push_log(planner.engine.db)][-3:] == ["2026-03-28", "2026-03-29", "2026-03-30"]


async def test_a_learner_with_more_new_cards_than_the_count_goes_to_is_not_told_a_number(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock, tmp_path: Path
) -> None:
    cards = "".join(
        f"  - {{id: c{n}, type: short, question: What is {n} plus one?, answers: ['{n + 1}'],"
        " explanation: Count on., source: notes}\n"
        for n in range(150)
    )
    notes = "  - {id: notes, title: Test notes, ref: Test notes written for these tests.}\n"
    (tmp_path / "sums.yaml").write_text(f"deck: sums\ntitle: Sums\nsources:\n{notes}cards:\n{cards}")
    with planner.engine.db.transaction() as session:
        import_decks(session, load_decks([tmp_path / "sums.yaml"]).decks, now=clock.now)
    await join(say, "ana", "/subscribe sums", "/settings new 120", "/settings time 08:00")  # 120 new today

    assert await planner.tick() == {"sent": 1}

    [(_, reply)] = delivery.sent
    assert isinstance(reply, Notice)
    assert reply.text == "99+ cards due (99+ new) — here is the first one"  # not "(100 new)": 120 wait
