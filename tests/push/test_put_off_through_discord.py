# ruff: noqa: F811 - the fixtures imported from test_through_discord are used as test parameters
"""Putting the daily push off on Discord, as a learner would: "Later (1 h)" and "Not today" on the push DM,
and the evening reminder turned on with /settings' own option. Real discord.py against the fake Discord."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from studybot.push.planner import Planner
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, as_text, buttons_of
from tests.push.conftest import Say
from tests.push.test_through_discord import PUSH, fake, planner, subscribed  # noqa: F401

LATER = "⏰ Later (1 h)"
NOT_TODAY = "🌙 Not today"


def button(message: dict[str, Any], label: str) -> str:
    return next(b.custom_id for b in buttons_of(message) if b.label == label)


def as_sent(message: dict[str, Any], forged: str | None = None) -> dict[str, Any]:
    """The message as the learner's client shows it now (a second click lands before the edit), or with
    its "Later" button's custom_id replaced by a `forged` one."""
    copy = deepcopy(message)
    for row in copy["components"]:
        for component in row["components"]:
            if forged and component.get("label") == LATER:
                component["custom_id"] = forged
    return copy


async def test_later_sends_one_more_dm_an_hour_later_however_often_it_is_pressed(
    planner: Planner, fake: FakeDiscord, say: Say, clock: FakeClock
) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    await subscribed(say, cleo)
    assert await planner.tick() == {"sent": 1}
    (dm,) = fake.dms
    later, shown = button(dm, LATER), as_sent(dm)

    assert "I'll ask again at 10:00" in (await cleo.press(dm, later)).text
    assert LATER not in [b.label for b in buttons_of(fake.messages[dm["id"]])]  # the push's buttons are gone
    assert any(b.label.startswith("1.") for b in buttons_of(fake.messages[dm["id"]]))  # the question's stay
    assert "Already put off" in (await cleo.press(shown, later)).text  # a double click

    clock.advance(minutes=59)
    assert await planner.tick() == {}
    clock.advance(minutes=1)
    assert await planner.tick() == {"later sent": 1}
    assert [as_text(message).startswith(PUSH) for message in fake.dms] == [True, True]
    assert NOT_TODAY in [b.label for b in buttons_of(fake.dms[-1])]
    clock.advance(hours=3)
    assert await planner.tick() == {}
    assert len(fake.dms) == 2


async def test_not_today_ends_the_day_and_the_reminder_set_with_slash_settings_stays_away(
    planner: Planner, fake: FakeDiscord, say: Say, clock: FakeClock
) -> None:
    dora = Person(fake, "dora", in_dms=True)
    await subscribed(say, dora)
    saved = await dora.slash("settings", setting="reminder", value="on")
    assert "Evening reminder after an unanswered push: on" in saved.text
    assert await planner.tick() == {"sent": 1}
    (dm,) = fake.dms

    not_today, shown = button(dm, NOT_TODAY), as_sent(dm)
    assert "no more quiz today" in (await dora.press(dm, not_today)).text
    assert "already over" in (await dora.press(shown, not_today)).text  # a double click
    clock.advance(hours=11)  # past 19:00
    assert await planner.tick() == {}
    assert len(fake.dms) == 1


async def test_an_unanswered_push_gets_one_evening_reminder_when_turned_on(
    planner: Planner, fake: FakeDiscord, say: Say, clock: FakeClock
) -> None:
    edna = Person(fake, "edna", in_dms=True)
    await subscribed(say, edna)
    await edna.slash("settings", setting="reminder", value="on")
    finn = Person(fake, "finn", in_dms=True)
    await subscribed(say, finn)  # reminder left off
    assert await planner.tick() == {"sent": 2}

    clock.advance(hours=10)
    assert await planner.tick() == {"reminder sent": 1}
    clock.advance(hours=1)
    assert await planner.tick() == {}
    reminders = [message for message in fake.dms if "Still 5 cards due (5 new) today." in as_text(message)]
    assert len(reminders) == 1
    assert len(fake.dms) == 3


async def test_a_forged_put_off_button_does_nothing(planner: Planner, fake: FakeDiscord, say: Say) -> None:
    gus = Person(fake, "gus", in_dms=True)
    await subscribed(say, gus)
    assert await planner.tick() == {"sent": 1}
    (dm,) = fake.dms

    shown = as_sent(dm)  # the first refusal takes the push's buttons away
    for forged in (f"sb:l:20260302r9::{gus.id}", f"sb:l:20260301r0::{gus.id}", f"sb:n:garbage::{gus.id}"):
        refused = await gus.press(as_sent(shown, forged), forged)  # a round never sent, yesterday's, nonsense
        assert "over" in refused.text
        assert refused.ephemeral or "⚠️" in refused.text
    assert len(fake.dms) == 1
