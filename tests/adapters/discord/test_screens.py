"""Discord's quiz messages as a learner sees them: corrections in their own row, the question in the answer
form, the grade said once, the right choice green after a click, and a missed card that waits its step."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from tests.adapters.discord.test_conversations import _question
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person

GREEN, RED = 3, 4  # Discord's success and danger button styles


def rows(message: dict[str, Any]) -> list[list[str]]:
    return [[c.get("label") or "" for c in row.get("components") or []] for row in message.get("components") or []]


def style(message: dict[str, Any], choice: str) -> int:
    """The style of the button of `choice` (labelled "2. 300 km/s": numbered in presentation order)."""
    labelled = ((c.get("label") or "", c) for row in message["components"] for c in row["components"])
    return next(int(c["style"]) for label, c in labelled if label.partition(". ")[2] == choice)


async def test_no_action_row_mixes_a_correction_with_answer_buttons(ana: Person) -> None:
    question = await _question(ana, skips=0)

    right = await ana.click(question, "300,000 km/s")

    assert rows(right.message) == [["Too easy"], ["1. True", "2. False"]]


async def test_the_answer_form_shows_the_question_and_the_feedback_the_answer(ana: Person) -> None:
    card = await _question(ana, skips=2)

    opened = await ana.click(card, "Answer")

    modal = opened.exchange.modal
    assert modal is not None
    shown = [c.get("content") or "" for c in modal["components"] if c["type"] == 10]
    assert any("What is the SI unit of force?" in text for text in shown)
    feedback = await ana.submit(card, opened, "newtn")
    assert "Your answer: **newtn**" in feedback.text


async def test_after_a_click_the_right_choice_is_green_and_a_wrong_pick_red(ana: Person) -> None:
    question = await _question(ana, skips=0)

    said = await ana.click(question, "300 km/s")

    assert said.exchange.callback_type == 7  # graded within the click's own response: one edit, no second one
    assert style(question.message, "300 km/s") == RED
    assert style(question.message, "300,000 km/s") == GREEN
    assert style(question.message, "30,000 km/s") not in (GREEN, RED)


async def test_a_double_click_leaves_the_colours_of_the_first(ana: Person) -> None:
    question = await _question(ana, skips=0)
    seen = deepcopy(question.message)  # as the learner's client shows it for both clicks
    wrong = question.button("300 km/s").custom_id
    await ana.press(seen, wrong)

    again = await ana.press(seen, wrong)

    assert again.ephemeral
    assert style(question.message, "300 km/s") == RED
    assert style(question.message, "300,000 km/s") == GREEN


async def test_a_flashcard_grade_is_said_once(ana: Person) -> None:
    card = await _question(ana, skips=4)
    revealed = await ana.click(card, "Show answer")

    graded = await ana.click(revealed, "Good")

    assert graded.text.count("Good") == 1
    assert "How well did you recall it?" not in graded.text
    assert "Rated" not in graded.text


async def test_a_missed_card_waits_for_its_step_unless_the_learner_studies_ahead(ana: Person) -> None:
    await ana.slash("settings", setting="new", value="1")
    question = await _question(ana, skips=0)

    missed = await ana.click(question, "300 km/s")

    assert "Next card in 1m — or study ahead now." in missed.text
    assert "Roughly how fast" not in missed.text
    ahead = await ana.click(missed, "Study ahead now")
    assert "Roughly how fast does light travel in vacuum?" in ahead.text


async def test_a_hint_edits_the_question_in_place(ana: Person, fake: FakeDiscord) -> None:
    question = await _question(ana, skips=0)
    messages_before = len(fake.messages)

    hinted = await ana.click(question, "Hint")

    assert len(fake.messages) == messages_before  # no new message carries the question
    assert hinted.message_id == question.message_id
    assert "Roughly how fast does light travel in vacuum?" in hinted.text
    assert "💡 Hint: it is not “" in hinted.text
    ruled_out = [b.label for b in hinted.buttons if b.disabled]
    assert len(ruled_out) == 1
    assert "300,000 km/s" not in ruled_out[0]
    right = await ana.click(hinted, "300,000 km/s")
    assert "Rated Hard" in right.text
