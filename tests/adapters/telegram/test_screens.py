"""Nothing stale on screen: hints in place, closed buttons and stopped polls, corrections that replace
what they correct, and a missed card that waits for its step instead of coming back at once."""

from __future__ import annotations

from tests.adapters.telegram.test_cards import skip_until
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person

QUESTION = "Roughly how fast does light travel in vacuum?"


async def test_a_hint_edits_the_question_in_place(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.last_message()
    assert len(question.buttons) == 4

    await alice.says("/hint")
    await alice.says("/hint")

    assert alice.new_messages() == []  # no new message carries the question
    assert not any(QUESTION in m.text for m in alice.room.messages_in(alice.chat_id) if m.id != question.id)
    hinted = alice.room.as_now(question)
    assert QUESTION in hinted.text
    assert "💡 Hint: it is not “" in hinted.text
    assert len(hinted.buttons) == 2  # the two ruled-out choices are gone
    assert "300,000 km/s" in hinted.buttons
    assert await alice.presses("300,000 km/s", on=hinted) == "✓ Correct"
    assert "Rated Hard" in alice.room.as_now(question).text


async def test_a_typed_answer_to_a_poll_stops_the_poll_and_names_the_choice(alice: Person) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    poll = alice.last_message()
    assert poll.poll is not None
    assert poll.poll["question"].startswith("Physics basics · ")  # the deck and progress ride along

    await alice.says("1")

    assert poll.poll["is_closed"]
    feedback = alice.new_messages()[0]
    assert feedback.text.startswith(f"Your answer: {poll.poll['options'][0]['text']}")


async def test_a_typed_answer_to_a_button_question_closes_its_buttons(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.says("/skip")
    question = alice.last_message()
    assert question.buttons == ["True", "False"]

    await alice.says("false")

    assert alice.room.as_now(question).buttons == []
    assert alice.new_messages()[0].text.startswith("Your answer: False\n✓ Correct.")


async def test_asking_again_leaves_one_live_copy(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    first = alice.last_message()

    await alice.says("/quiz")

    assert alice.room.as_now(first).buttons == []
    assert len(alice.last_message().buttons) == 4


async def test_feedback_after_a_vote_leaves_the_explanation_to_the_poll(alice: Person) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")

    await alice.votes("300 km/s")

    feedback = alice.new_messages()[0]
    assert feedback.text.startswith("✗ Not quite. The answer is: 300,000 km/s")
    assert "299,792" not in feedback.text  # the poll shows "c is about 299,792 km/s." itself
    assert "Source: The Feynman Lectures on Physics" in feedback.text


async def test_too_easy_replaces_the_schedule_line(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    await alice.presses("300,000 km/s")
    assert "Rated Good · next review in" in alice.room.as_now(question).text

    await alice.presses("😌 Too easy", on=alice.room.as_now(question))

    corrected = alice.room.as_now(question).text
    assert "Rated Good" not in corrected
    assert "😌 Counted as easy. Next review in " in corrected


async def test_a_graded_flashcard_no_longer_asks_how_well_it_was_recalled(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await skip_until(alice, "second law of thermodynamics")
    card = alice.last_message()
    await alice.presses("Show answer")
    assert "How well did you recall it?" in alice.room.as_now(card).text

    await alice.presses(next(label for label in alice.room.as_now(card).buttons if label.startswith("Good")))

    assert "How well did you recall it?" not in alice.room.as_now(card).text
    assert "Graded Good · next review in" in alice.room.as_now(card).text


async def test_a_missed_card_waits_for_its_step_unless_the_learner_studies_ahead(alice: Person) -> None:
    await alice.says("/settings new 1")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")

    await alice.presses("300 km/s")

    (waiting,) = alice.new_messages()  # the question message now shows the verdict; no card follows
    assert waiting.text == "Next card in 1m — or study ahead now."
    assert QUESTION not in waiting.text
    await alice.presses("Study ahead now")
    assert QUESTION in alice.bot_said()
    assert alice.room.as_now(waiting).buttons == []


async def test_an_undone_answer_says_it_was_undone(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    await alice.presses("300 km/s")

    await alice.says("/undo")

    assert alice.room.as_now(question).buttons == ["↩️ Undone · ask it again"]
    assert "✗ Not quite" in alice.room.as_now(question).text  # what was answered stays readable
    asked_again = alice.last_message()
    assert QUESTION in asked_again.text
    await alice.presses("↩️ Undone · ask it again")
    assert alice.room.as_now(question).buttons == []
    assert alice.room.as_now(asked_again).buttons == []  # one live copy: the one just sent
    assert len(alice.last_message().buttons) == 4
