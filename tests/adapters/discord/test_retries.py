"""An answer the bot could not take leaves its question open: the learner presses or types again, and only a
graded answer or a question no longer open closes the buttons."""

from __future__ import annotations

from typing import Any

import pytest

from studybot.engine.engine import QuizEngine
from studybot.storage.dberrors import StorageUnavailable
from tests.adapters.discord.test_conversations import _question
from tests.fakes.discord_chat import Person


def database_down_once(engine: QuizEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next write the engine starts finds the database unreachable; later ones go through."""
    run = engine.db.run
    failed: list[bool] = []

    async def down(work: Any, *, read_only: bool = False) -> Any:
        if not read_only and not failed:
            failed.append(True)
            raise StorageUnavailable("connection refused")
        return await run(work, read_only=read_only)

    monkeypatch.setattr(engine.db, "run", down)


async def test_a_choice_the_database_could_not_take_can_be_pressed_again(
    ana: Person, engine: QuizEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = await _question(ana, skips=0)
    database_down_once(engine, monkeypatch)

    refused = await ana.click(question, "300,000 km/s")

    assert refused.ephemeral
    assert "✓ Correct." not in refused.text
    assert not any(b.disabled for b in question.buttons)
    assert "✓ Correct." in (await ana.click(question, "300,000 km/s")).text


async def test_a_typed_answer_of_only_punctuation_leaves_the_answer_button_open(ana: Person) -> None:
    card = await _question(ana, skips=2)

    refused = await ana.type_answer(card, "?")

    assert refused.ephemeral
    assert not card.button("Answer").disabled
    assert "✓ Correct." in (await ana.type_answer(card, "newton")).text
    assert card.button("Answer").disabled


async def test_a_grade_the_database_could_not_take_can_be_pressed_again(
    ana: Person, engine: QuizEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = await _question(ana, skips=4)
    revealed = await ana.click(card, "Show answer")
    database_down_once(engine, monkeypatch)

    await ana.click(revealed, "Good")

    assert not any(b.disabled for b in revealed.buttons)
    graded = await ana.click(revealed, "Good")
    assert "Graded Good** · next review in 10m" in graded.text
    assert all(b.disabled for b in revealed.buttons)


async def test_a_press_on_a_question_no_longer_open_closes_its_buttons(ana: Person) -> None:
    question = await _question(ana, skips=0)
    await ana.slash("skip")

    stale = await ana.click(question, "300,000 km/s")

    assert stale.ephemeral
    assert all(b.disabled for b in question.buttons)
