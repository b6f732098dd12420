"""Each kind of card, asked and answered on Telegram."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.srs import Memory
from studybot.storage import reviews
from studybot.storage.models import Card, User
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def skip_until(who: Person, words: str) -> None:
    """Skip questions until the one containing `words` is asked."""
    for _ in range(6):
        if words in who.last_message().text or (who.last_message().poll or {}).get("question", "").count(words):
            return
        await who.says("/skip")
    raise AssertionError(f"never asked {words!r}")


async def test_a_flashcard_revealed_and_graded_good(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await skip_until(alice, "second law of thermodynamics")
    card = alice.last_message()
    assert card.buttons == ["Show answer"]

    assert await alice.presses("Show answer") is None
    revealed = alice.question()
    assert revealed.id == card.id
    assert "Answer: It never decreases over time." in revealed.text
    assert "How well did you recall it?" in revealed.text
    assert [label.split(" · ")[0] for label in revealed.buttons] == ["Again", "Hard", "Good", "Easy"]
    good = next(label for label in revealed.buttons if label.startswith("Good"))

    assert await alice.presses(good) == "Graded Good"
    graded = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == card.id)
    assert graded.buttons == []
    assert "Graded Good · next review in" in graded.text
    assert "Your answer:" not in graded.text  # the grade is said once, in the verdict line
    assert "It never decreases over time." in graded.text


async def test_a_typed_answer_with_a_near_miss_is_accepted_with_the_exact_answer(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await skip_until(alice, "SI unit of force")
    assert "Type your answer · /hint · /skip" in alice.last_message().text

    await alice.says("netwon")

    feedback, following = alice.new_messages()
    assert feedback.text.startswith("✓ Accepted. Exact answer: newton")
    assert "Rated Good · next review in" in feedback.text
    assert feedback.buttons == ["😌 Too easy"]  # right without a hint
    assert "free fall accelerates" in following.text  # the next card


async def test_a_wrong_typed_answer_offers_i_was_right_once(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await skip_until(alice, "SI unit of force")

    await alice.says("kilogram")

    feedback = alice.new_messages()[0]
    assert feedback.text.startswith("✗ Not quite. The answer is: newton")
    assert feedback.buttons == ["✋ I was right"]
    pressed_twice = feedback.callback("✋ I was right")
    assert await alice.presses("✋ I was right", on=feedback) == "Counted as right. Next review in 10m."
    fixed = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == feedback.id)
    assert fixed.buttons == []
    assert fixed.text.endswith("✋ Counted as right. Next review in 10m.")
    assert await alice.sends_callback(feedback, pressed_twice) == "That answer was already counted as right."


async def test_a_quiz_poll_answered(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/settings polls on")
    assert "Quiz polls on Telegram: on" in alice.bot_said()
    await alice.says("/subscribe physics")

    await alice.says("/quiz")

    poll = alice.last_message().poll
    assert poll is not None
    assert (
        poll["question"] == "Physics basics · 0 due · 5 new left today\nRoughly how fast does light travel in vacuum?"
    )
    (sent,) = fake.calls_to("sendPoll")
    assert sent.params["type"] == "quiz"
    assert sent.params["is_anonymous"] is False
    assert sent.params["explanation"] == "c is about 299,792 km/s."
    assert [poll["options"][i]["text"] for i in sent.params["correct_option_ids"]] == ["300,000 km/s"]

    await alice.votes("300,000 km/s")

    assert alice.new_messages()[0].text.startswith("✓ Correct.")
    next_poll = alice.last_message().poll  # true/false fits a poll too
    assert next_poll is not None
    assert next_poll["question"].endswith("\nSound travels through a vacuum.")

    await alice.votes("True")
    assert alice.new_messages()[0].text.startswith("✗ Not quite. The answer is: False")


async def test_a_poll_answered_twice_or_after_skip_grades_nothing(alice: Person) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    first_poll = alice.last_message()
    await alice.says("/skip")
    assert first_poll.poll is not None
    assert first_poll.poll["is_closed"]  # skipping stops it

    await alice.votes("300,000 km/s", on=first_poll, late=True)  # cast just before it was stopped

    assert alice.new_messages() == []  # grades nothing, says nothing: that poll no longer counts
    await alice.votes("False")
    assert alice.new_messages()[0].text.startswith("✓ Correct.")
    await alice.votes("False", on=alice.room.messages_in(alice.chat_id)[-3])  # the same answer re-delivered
    assert alice.new_messages() == []
    await alice.says("/stats")
    assert "Reviewed today: 1" in alice.bot_said()


async def test_flashcards_are_never_polls(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.says("/skip")
    await skip_until(alice, "second law")  # a flashcard: never a poll

    assert alice.last_message().buttons == ["Show answer"]
    assert len(fake.calls_to("sendPoll")) == 2  # the mcq and the true/false only


async def test_a_right_choice_can_be_counted_as_too_easy_once(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await skip_until(alice, "how fast does light travel")
    question = alice.question()

    await alice.presses("300,000 km/s")

    answered = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert "Rated Good · next review in" in answered.text
    assert answered.buttons == ["😌 Too easy"]
    pressed_twice = answered.callback("😌 Too easy")
    said = await alice.presses("😌 Too easy", on=answered)
    assert said is not None
    assert said.startswith("Counted as easy. Next review in ")
    tidied = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert tidied.buttons == []
    assert "😌 Counted as easy." in tidied.text
    assert await alice.sends_callback(answered, pressed_twice) == "That answer was already counted as easy."


async def test_grades_pressed_a_day_later_are_shown_anew_first(
    alice: Person, engine: QuizEngine, clock: FakeClock
) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/settings new 0")
    due = clock.now - timedelta(hours=1)
    reviewed = Memory(state=2, step=None, stability=20.0, difficulty=5.0, due=due, last_review=due - timedelta(days=20))
    with engine.db.transaction() as session:
        card_id = session.scalar(select(Card.id).where(Card.deck_id == "physics", Card.key == "entropy"))
        user_id = session.scalar(select(User.id).where(User.external_id == str(alice.user["id"])))
        assert card_id is not None
        assert user_id is not None
        reviews.save_memory(session, user_id, card_id, reviewed)
    await alice.says("/quiz")
    await alice.presses("Show answer")
    card = alice.question()
    good = next(label for label in card.buttons if label.startswith("Good"))
    clock.advance(hours=23)

    await alice.presses(good, on=card)

    old = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == card.id)
    assert old.buttons == []
    fresh = alice.question()
    assert fresh.id != card.id
    assert "The intervals have changed since you opened this card; here they are as of now." in fresh.text
    assert fresh.text.count("It never decreases over time.") == 1
    again_good = next(label for label in fresh.buttons if label.startswith("Good"))
    assert await alice.presses(again_good, on=fresh) == "Graded Good"
    graded = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == fresh.id)
    assert "Graded Good" in graded.text
    assert "The intervals have changed" not in graded.text


async def test_a_question_too_long_for_a_poll_in_telegrams_count_is_asked_with_buttons(
    alice: Person, fake: FakeTelegram, engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    question = "Which gas fills these? " + "🎈" * 150  # 173 characters, 323 UTF-16 units: over a poll's 300
    deck = {
        "deck": "balloons", "title": "Balloons",
        "sources": [{"id": "notes", "title": "Notes", "ref": "Notes written for this test."}],
        "cards": [{"id": "b1", "type": "mcq", "question": question, "choices": ["Helium", "Argon"],
                   "answer": "Helium", "explanation": "It is lighter than air.", "source": "notes"}],
    }  # fmt: skip
    path = tmp_path / "balloons.yaml"
    path.write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    with engine.db.transaction() as session:
        import_decks(session, load_decks([path]).decks, now=clock.now)
    await alice.says("/settings polls on")
    await alice.says("/subscribe balloons")

    await alice.says("/quiz")

    assert fake.calls_to("sendPoll") == []
    assert "Helium" in alice.last_message().buttons


async def test_a_poll_telegram_refuses_is_asked_with_buttons_instead(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    fake.fail_next("sendPoll", 400)

    await alice.says("/quiz")

    assert "300,000 km/s" in alice.last_message().buttons
