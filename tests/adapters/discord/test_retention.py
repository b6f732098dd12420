"""`/settings retention` on Discord: the workload of each choice, and a button per choice that sets it; grade
buttons that no longer hold are shown anew."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, SettingsView
from studybot.srs import Memory
from studybot.storage import reviews
from studybot.storage.models import Card, User
from tests.conftest import FakeClock
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


async def test_grades_pressed_a_day_later_are_shown_anew_first(
    ana: Person, engine: QuizEngine, clock: FakeClock
) -> None:
    await ana.slash("subscribe", deck="physics")
    await ana.slash("settings", setting="new", value="0")
    due = clock.now - timedelta(hours=1)
    reviewed = Memory(state=2, step=None, stability=20.0, difficulty=5.0, due=due, last_review=due - timedelta(days=20))
    with engine.db.transaction() as session:
        card_id = session.scalar(select(Card.id).where(Card.deck_id == "physics", Card.key == "entropy"))
        user_id = session.scalar(select(User.id).where(User.external_id == str(ana.id)))
        assert card_id is not None
        assert user_id is not None
        reviews.save_memory(session, user_id, card_id, reviewed)
    revealed = await ana.click(await ana.slash("quiz"), "Show answer")
    clock.advance(hours=23)

    fresh = await ana.click(revealed, "Good")

    assert "The intervals have changed since you opened this card; here they are as of now." in fresh.text
    assert all(b.disabled for b in revealed.buttons)
    graded = await ana.click(fresh, "Good")
    assert "Graded Good." in graded.text
