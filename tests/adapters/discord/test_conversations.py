"""Learners talking to the real bot (discord.py) through the fake Discord: slash commands and buttons."""

from __future__ import annotations

from tests.adapters.discord.conftest import RunningBot, StartBot
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, Said


async def test_subscribe_with_autocomplete_then_quiz_and_answer_with_a_button(ana: Person) -> None:
    assert await ana.autocomplete("subscribe", "deck", "phy") == ["Physics basics (physics)"]

    subscribed = await ana.slash("subscribe", deck="physics")
    assert subscribed.text == "Subscribed to Physics basics. Send /quiz to start."
    assert subscribed.ephemeral

    question = await ana.slash("quiz")
    assert "Roughly how fast does light travel in vacuum?" in question.text
    assert "Physics basics · 0 due · 5 new left today" in question.text
    assert question.ephemeral

    feedback = await ana.click(question, "300,000 km/s")
    assert "✓ Correct." in feedback.text
    assert "Source: The Feynman Lectures on Physics" in feedback.text.replace("*", "")
    assert all(button.disabled for button in question.buttons)


async def _question(person: Person, skips: int) -> Said:
    """/quiz, then /skip until the card `skips` places down the physics deck is asked."""
    await person.slash("subscribe", deck="physics")
    said = await person.slash("quiz")
    for _ in range(skips):
        said = await person.slash("skip")
    return said


async def test_a_flashcard_is_revealed_in_place_then_graded(ana: Person) -> None:
    card = await _question(ana, skips=4)
    assert "second law of thermodynamics" in card.text
    assert [b.label for b in card.buttons] == ["Show answer"]

    revealed = await ana.click(card, "Show answer")
    assert "It never decreases over time." in revealed.text
    assert "second law of thermodynamics" in revealed.text  # the question stays above its answer
    assert [b.label for b in revealed.buttons] == ["Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 7d"]

    graded = await ana.click(revealed, "Good")
    assert "Graded Good** · next review in 10m" in graded.text  # in place of "How well did you recall it?"
    assert all(b.disabled for b in revealed.buttons)


async def test_a_flashcard_left_open_for_an_hour_is_still_revealed_and_graded(ana: Person, fake: FakeDiscord) -> None:
    card = await _question(ana, skips=4)
    fake.advance(60 * 60)  # the /skip that asked it is an hour old: its token has expired (15 minutes)

    revealed = await ana.click(card, "Show answer")
    assert "It never decreases over time." in revealed.text
    graded = await ana.click(revealed, "Good")
    assert "Graded Good** · next review in 10m" in graded.text


async def test_a_typed_answer_goes_through_the_answer_modal_and_a_near_miss_is_accepted(ana: Person) -> None:
    card = await _question(ana, skips=2)
    assert "What is the SI unit of force?" in card.text

    feedback = await ana.type_answer(card, "newtn")

    assert "✓ Accepted. Exact answer: newton" in feedback.text
    assert all(b.disabled for b in card.buttons)


async def test_another_member_clicking_grades_nothing(ana: Person, fake: FakeDiscord) -> None:
    question = await _question(ana, skips=0)
    ben = Person(fake, "ben")

    refused = await ben.click(question, "300,000 km/s")

    assert refused.text == "This is someone else's question. Send /quiz for your own."
    assert refused.ephemeral
    assert not any(b.disabled for b in question.buttons)
    answered = await ana.click(question, "300,000 km/s")
    assert "✓ Correct." in answered.text


async def test_a_stale_click_after_skip_and_a_double_click_grade_nothing(ana: Person) -> None:
    question = await _question(ana, skips=0)
    await ana.slash("skip")

    stale = await ana.click(question, "300,000 km/s")
    assert "That question is no longer open" in stale.text
    assert stale.ephemeral

    current = await ana.slash("quiz")
    first = await ana.click(current, "False")
    assert "✓ Correct." in first.text
    again = await ana.click(current, "False")  # the message as it was before the first click landed
    assert "That question is no longer open" in again.text


async def test_a_wrong_answer_can_be_overridden_with_i_was_right(ana: Person) -> None:
    card = await _question(ana, skips=2)
    wrong = await ana.type_answer(card, "joule")
    assert "✗ Not quite. The answer is: newton" in wrong.text

    overridden = await ana.click(wrong, "I was right")

    assert "right" in overridden.text.lower()
    assert wrong.button("I was right").disabled


async def test_a_wrong_choice_is_graded_exactly_and_offers_no_i_was_right(ana: Person) -> None:
    question = await _question(ana, skips=0)
    wrong = await ana.click(question, "300 km/s")
    assert "✗ Not quite. The answer is: 300,000 km/s" in wrong.text
    assert "I was right" not in [b.label for b in wrong.buttons]


async def test_a_click_after_the_bot_restarted_still_answers(ana: Person, bot: RunningBot, start_bot: StartBot) -> None:
    question = await _question(ana, skips=0)
    await bot.close()
    await start_bot()

    feedback = await ana.click(question, "300,000 km/s")

    assert "✓ Correct." in feedback.text


async def test_in_direct_messages_the_quiz_is_ordinary_messages(fake: FakeDiscord, bot: RunningBot) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    question = await _question(cleo, skips=0)
    assert not question.ephemeral

    feedback = await cleo.click(question, "300,000 km/s")

    assert "✓ Correct." in feedback.text
    assert not feedback.ephemeral


async def test_an_answer_form_submitted_after_a_restart_still_counts(
    ana: Person, bot: RunningBot, start_bot: StartBot
) -> None:
    card = await _question(ana, skips=2)
    form = await ana.click(card, "Answer")
    await bot.close()
    await start_bot()

    feedback = await ana.submit(card, form, "Newton")

    assert "✓ Correct." in feedback.text


async def test_a_flashcard_asked_under_feedback_keeps_the_feedback_when_revealed(ana: Person) -> None:
    cloze = await _question(ana, skips=3)
    feedback = await ana.type_answer(cloze, "12")  # wrong: the flashcard comes next, under the feedback
    assert "second law of thermodynamics" in feedback.text

    revealed = await ana.click(feedback, "Show answer")

    assert "✗ Not quite." in revealed.text
    assert "second law of thermodynamics" in revealed.text
    assert "It never decreases over time." in revealed.text
    assert [b.label for b in revealed.buttons] == ["I was right", "Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 7d"]


async def test_a_right_answer_can_be_counted_as_too_easy_once(ana: Person) -> None:
    question = await _question(ana, skips=0)
    right = await ana.click(question, "300,000 km/s")
    assert "Rated Good · next review in" in right.text

    easy = await ana.click(right, "Too easy")

    assert "😌 Counted as easy. Next review in " in easy.text  # in place of the line it corrects
    assert "Rated Good" not in easy.text
    assert right.button("Too easy").disabled
    assert not right.button("True").disabled  # the next question, asked under the feedback, stays open
    again = await ana.click(right, "Too easy")  # the message as it was before the first click landed
    assert "already counted as easy" in again.text
