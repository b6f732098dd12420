"""`/settings retention` on Discord: the workload of each choice, and a button per choice that sets it."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, SettingsView
from tests.fakes.discord_chat import Person


async def test_the_retention_preview_has_a_button_per_choice_that_sets_it(ana: Person, engine: QuizEngine) -> None:
    await ana.slash("subscribe", deck="physics")
    preview = await ana.slash("settings", setting="retention")

    assert "Desired retention: what each choice costs over the next 30 days" in preview.text
    assert [b.label.strip("✓★ ") for b in preview.buttons] == ["0.80", "0.85", "0.90", "0.95"]
    saved = await ana.click(preview, "0.85")

    assert "Saved: retention = 0.85." in saved.text
    shown = await engine.change_settings(Learner("discord", str(ana.id), "ana"))
    assert isinstance(shown, SettingsView)
    assert shown.desired_retention == 0.85
