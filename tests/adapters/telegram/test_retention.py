"""`/settings retention` on Telegram: the workload of each choice, and a button per choice that sets it."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from tests.fakes.telegram_chat import Person


async def test_the_retention_preview_has_a_button_per_choice_that_sets_it(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/settings retention")

    preview = alice.last_message()
    assert preview.text.startswith("Desired retention: what each choice costs over the next 30 days")
    labels = preview.buttons
    assert len(labels) == 4
    assert "✓ 0.90" in labels[2]
    await alice.presses(next(label for label in labels if "0.85" in label))

    edited = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == preview.id)
    assert edited.text.startswith("Saved: retention = 0.85.")  # the preview becomes the settings, in place
    shown = await engine.change_settings(Learner("telegram", str(alice.user["id"]), "Alice"))
    assert getattr(shown, "desired_retention", None) == 0.85


async def test_a_forged_retention_button_changes_nothing(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/settings retention")
    preview = alice.last_message()
    forged = preview.callback(preview.buttons[0]).replace("=0.80", "=0.99")
    assert forged != preview.callback(preview.buttons[0])
    alert = await alice.sends_callback(preview, forged)
    assert "Desired retention is a number from 0.70 to 0.97" in (alert or "")
    shown = await engine.change_settings(Learner("telegram", str(alice.user["id"]), "Alice"))
    assert getattr(shown, "desired_retention", None) == 0.9
