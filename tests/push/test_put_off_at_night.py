"""Putting a late-evening push off: "Later (1 h)" cannot reach past the learner's midnight."""

from __future__ import annotations

from datetime import UTC, datetime

from studybot.engine.replies import Level, Notice
from studybot.push.planner import Planner
from tests.conftest import FakeClock
from tests.push.conftest import Say, join
from tests.push.recording import RecordingDelivery


async def test_later_pressed_in_the_last_hour_of_the_day_says_when_the_next_push_comes(
    say: Say, planner: Planner, delivery: RecordingDelivery, clock: FakeClock
) -> None:
    ana = await join(say, "ana", "/settings time 23:30")
    clock.now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
    [(_, push)] = delivery.sent
    assert isinstance(push, Notice)
    assert push.put_off is not None

    clock.now = datetime(2026, 3, 2, 23, 35, tzinfo=UTC)
    said = await planner.engine.put_off(ana, push.put_off, later=True)

    assert said.text == "Too late for another push today: the next one comes tomorrow 23:30. /quiz any time."
    assert said.level is Level.ERROR
    clock.now = datetime(2026, 3, 3, 0, 35, tzinfo=UTC)
    assert await planner.tick() == {}  # no push an hour on was promised, and none comes
    clock.now = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
    assert await planner.tick() == {"sent": 1}
