"""Settings on Discord: every setting the engine knows, the common changes as buttons, "which Portland?"."""

from __future__ import annotations

from studybot.engine.account import SETTING_NAMES
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, SettingsView
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person


async def test_every_setting_the_engine_knows_can_be_set_threshold_included(ana: Person, fake: FakeDiscord) -> None:
    (settings,) = [c for scope in fake.commands.values() for c in scope if c["name"] == "settings"]
    (setting,) = [o for o in settings["options"] if o["name"] == "setting"]
    assert {choice["value"] for choice in setting["choices"]} == set(SETTING_NAMES) - {"polls"}  # Telegram's own

    saved = await ana.slash("settings", setting="threshold", value="3")

    assert "Saved: threshold = 3." in saved.text
    assert "when at least 3 cards wait" in saved.text


async def test_buttons_change_the_common_settings_in_place(ana: Person) -> None:
    shown = await ana.slash("settings")
    assert shown.text.splitlines()[1] == "Daily quiz at 09:00 (UTC) — next today 09:00, when at least 1 card waits"
    assert [b.label for b in shown.buttons] == [
        "⏸ Pause daily quiz", "➖ 15 new/day", "➕ 25 new/day", "⏰ 07:00", "⏰ 12:00", "⏰ 19:00",
    ]  # fmt: skip

    paused = await ana.click(shown, "Pause daily quiz")

    assert paused.message_id == shown.message_id  # the same message, redrawn
    assert "Saved: pause = on." in paused.text
    assert "— paused" in paused.text
    more = await ana.click(paused, "➕ 25 new/day")
    assert "New cards per day: 25" in more.text
    assert "▶️ Resume daily quiz" in [b.label for b in more.buttons]


async def test_an_ambiguous_city_gets_the_places_as_buttons(ana: Person, fake: FakeDiscord) -> None:
    asked = await ana.slash("settings", setting="timezone", value="Portland")
    assert "Which Portland do you mean?" in asked.text

    saved = await ana.click(asked, "Portland, Oregon, United States · America/Los_Angeles")

    assert "Saved: timezone = America/Los\\_Angeles." in saved.text  # escaped markdown
    ben = Person(fake, "ben")
    refused = await ben.click(saved, "⏰ 07:00")
    assert refused.text == "This is someone else's question. Send /quiz for your own."


async def test_quiz_polls_typed_on_discord_are_said_to_be_telegrams_and_left_alone(
    ana: Person, engine: QuizEngine
) -> None:
    refused = await ana.slash("settings", value="polls on")  # typed into the value, the setting left empty

    assert "Telegram" in refused.text
    assert "Saved" not in refused.text
    settings = await engine.change_settings(Learner("discord", str(ana.id)))
    assert isinstance(settings, SettingsView)
    assert settings.polls is False  # her Telegram polls setting is untouched
    assert "polls" not in (await ana.slash("settings", value="colour blue")).text  # not offered in the usage either
