"""Settings by tap on Telegram: the values first, the common changes as buttons, the syntax last."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import SettingsView
from tests.adapters.telegram.conftest import learner
from tests.fakes.telegram_chat import Person


async def test_settings_show_values_then_buttons_then_syntax_and_taps_change_them_in_place(
    alice: Person, engine: QuizEngine
) -> None:
    await alice.says("/settings")
    shown = alice.last_message()
    lines = shown.text.splitlines()
    assert lines[0] == "Daily quiz at 09:00 (UTC) — next today 09:00, when at least 1 card waits"
    assert lines[-1].startswith("Change a setting with /settings NAME VALUE")
    assert shown.text.count("09:00") == 2  # the time, and when the next one comes: said once each
    assert shown.buttons == [
        "⏸ Pause daily quiz", "📊 Quiz polls on", "➖ 15 new/day", "➕ 25 new/day", "⏰ 07:00", "⏰ 12:00", "⏰ 19:00",
    ]  # fmt: skip

    await alice.presses("⏸ Pause daily quiz", on=shown)
    paused = alice.last_message()
    assert paused.id == shown.id  # edited in place, no new message
    assert paused.text.startswith("Saved: pause = on.\nDaily quiz at 09:00 (UTC) — paused")
    assert "▶️ Resume daily quiz" in paused.buttons
    await alice.presses("➕ 25 new/day", on=paused)
    await alice.presses("⏰ 07:00", on=alice.last_message())
    view = await engine.change_settings(learner(alice))
    assert isinstance(view, SettingsView)
    assert (view.paused, view.new_per_day, view.push_time) == (True, 25, "07:00")


async def test_an_ambiguous_city_is_answered_with_the_places_as_buttons(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/settings timezone Portland")
    asked = alice.last_message()
    assert asked.text.startswith("Which Portland do you mean?")
    assert asked.buttons[:2] == [
        "Portland, Oregon, United States · America/Los_Angeles",
        "Portland, Maine, United States · America/New_York",
    ]

    await alice.presses("Portland, Maine, United States · America/New_York", on=asked)

    assert alice.last_message().text.startswith("Saved: timezone = America/New_York.")
    view = await engine.change_settings(learner(alice))
    assert isinstance(view, SettingsView)
    assert view.timezone == "America/New_York"


async def test_a_forged_settings_press_changes_nothing(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/settings")
    said = await alice.sends_callback(alice.last_message(), f"t::{alice.id}:new=9999")
    assert said == "New cards per day is a whole number from 0 to 500."
    refused = await alice.sends_callback(alice.last_message(), "t::42:new=0")
    assert refused == "This question is someone else's. Send /quiz for your own."
    view = await engine.change_settings(learner(alice))
    assert isinstance(view, SettingsView)
    assert view.new_per_day == 20
