"""A learner's conversation with the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from studybot.engine.history import CHOICE_GRADED_EXACTLY
from studybot.engine.replies import DeckAction, DeckList, Feedback, GradeButtons, Notice, Prompt
from studybot.storage.models import ReviewLog
from tests.conftest import Chat, FakeClock


async def test_first_quiz_asks_a_new_card_and_grades_it(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    text = await chat.send("/quiz")
    assert "Roughly how fast does light travel in vacuum?" in text
    prompt = chat.last
    assert isinstance(prompt, Prompt)
    assert prompt.kind == "mcq"
    assert prompt.progress == "0 due · 5 new left today"
    right = next(c.key for c in prompt.choices if c.label == "300,000 km/s")

    reply = await chat.send(right)

    feedback = chat.last
    assert isinstance(feedback, Feedback)
    assert feedback.correct is True
    assert feedback.rating == "Good"
    assert "✓ Correct." in reply
    assert "Why: c is about 299,792 km/s." in reply
    assert "Source: The Feynman Lectures on Physics — Chapter 15 (https://www.feynmanlectures.caltech.edu/)" in reply
    assert "Sound travels through a vacuum." in reply  # the next card follows


async def test_a_source_without_a_url_is_cited_by_its_reference_never_by_a_file_name(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send("1")  # whatever the verdict, the true/false card comes next
    reply = await chat.send("2")
    assert "Source: Test notes written for these tests\n" in reply + "\n"
    assert ".txt" not in reply


async def test_a_wrong_choice_is_again_and_cannot_be_overridden(chat: Chat) -> None:
    """ "I was right" is for typed answers: a choice (multiple choice, true/false) is graded exactly."""
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    wrong = next(c.key for c in chat.last.choices if c.label == "300 km/s")
    reply = await chat.send(wrong)
    assert "✗ Not quite. The answer is: 300,000 km/s" in reply
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Again"
    assert not chat.last.can_override

    assert await chat.send("I was right") == f"Error: {CHOICE_GRADED_EXACTLY}"
    assert (await chat.send("true")).startswith("✗ Not quite.")  # the true/false card: sound needs a medium
    assert await chat.send("override") == f"Error: {CHOICE_GRADED_EXACTLY}"
    with chat.engine.db.transaction() as session:
        logs = session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [(log.rating, log.correct, log.overridden) for log in logs] == [(1, False, False), (1, False, False)]


async def test_a_wrong_typed_answer_can_be_overridden_once(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(2):
        await chat.send("/skip")
    assert chat.asked is not None
    assert chat.asked.kind == "short"
    assert "✗ Not quite. The answer is: newton" in await chat.send("joule")
    assert (await chat.send("I was right")).startswith("Counted as right.")
    assert await chat.send("I was right") == "Error: That answer was already counted as right."


async def test_unknown_choice_keeps_the_question_open(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert await chat.send("7") == "Error: That is not one of the choices: choose 1–4 (or a–d)."
    assert await chat.send("banana") == "Error: That is not one of the choices: choose 1–4 (or a–d)."
    await chat.send("1")
    assert isinstance(chat.last, Feedback)


async def test_choices_are_shuffled_per_presentation(engine, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    orders = set()
    for name in range(8):
        chat = Chat(engine, f"learner{name}")
        await chat.send("/subscribe physics")
        await chat.send("/quiz")
        assert isinstance(chat.last, Prompt)
        orders.add(tuple(c.label for c in chat.last.choices))
    assert len(orders) > 1


async def test_typed_answers_accept_near_misses_and_show_the_exact_form(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")  # chemistry position 0: water
    reply = await chat.send("h2o")
    assert reply.startswith("✓ Correct.")
    await chat.send("1" if "Neon" in (await chat.send("/quiz")).split("\n")[2] else "2")
    await chat.send("/quiz")
    reply = await chat.send("sevn")
    assert reply.startswith("✓ Accepted. Exact answer: seven")


async def test_numbers_must_match_exactly(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(3):
        await chat.send("/skip")
    assert "free fall accelerates" in await chat.send("/quiz")
    assert (await chat.send("9.7")).startswith("✗ Not quite. The answer is: 9.8")


async def test_flashcard_reveals_then_grades_with_intervals(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(4):
        await chat.send("/skip")
    assert "second law of thermodynamics" in await chat.send("/quiz")
    reply = await chat.send("entropy goes up")
    buttons = chat.last
    assert isinstance(buttons, GradeButtons)
    assert "Answer: It never decreases over time." in reply
    assert "1 Again (1m) · 2 Hard (6m) · 3 Good (10m) · 4 Easy (" in reply
    assert await chat.send("maybe") == "Error: Grade yourself: 1 Again, 2 Hard, 3 Good, 4 Easy."
    easy = buttons.options[3]
    assert timedelta(days=6) <= easy.interval <= timedelta(days=10)  # fuzzed within FSRS's band around 8d
    await chat.send("4")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Easy"
    assert chat.last.interval == easy.interval  # what the button showed is what happened


async def test_stale_and_forged_nonces_grade_nothing(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    old = chat.last.nonce
    await chat.send("/skip")
    assert chat.asked is not None

    stale = await chat.engine.answer(chat.learner, "1", nonce=old)
    forged = await chat.engine.answer(chat.learner, "1", nonce="AAAAAAAAAA")
    assert isinstance(stale, Notice)
    assert stale.text.startswith("That question is no longer open")
    assert isinstance(forged, Notice)
    assert forged.text == stale.text
    with chat.engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 0
    fresh = await chat.engine.answer(chat.learner, "1", nonce=chat.asked.nonce)
    assert isinstance(fresh, Feedback)


async def test_hint_makes_a_right_answer_hard(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    assert await chat.send("/hint") == "Hint: “H__” (3 characters). (a right answer after a hint counts as Hard)"
    await chat.send("H2O")
    assert isinstance(chat.last, Feedback)
    assert chat.last.rating == "Hard"


async def test_mcq_hint_rules_out_wrong_choices_only(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    hint = await chat.send("/hint")
    assert hint.startswith("Hint: it is not “")
    assert "300,000 km/s" not in hint.splitlines()[0]


async def test_no_question_open(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    assert await chat.send("42") == "No question is open. Send /quiz to get one."
    assert await chat.send("/hint") == "Error: No question is open. Send /quiz to get one."


async def test_a_plain_quiz_without_decks_offers_every_deck_and_a_tap_asks_its_first_card(chat: Chat) -> None:
    reply = await chat.send("/quiz")
    assert reply.startswith("You have no decks yet. Pick one to start studying it.")
    assert isinstance(chat.last, DeckList)
    assert chat.last.pick is DeckAction.STUDY
    assert [d.id for d in chat.last.decks] == ["chemistry", "physics"]

    tapped = await chat.engine.pick_deck(chat.learner, DeckAction.STUDY, "physics")

    assert isinstance(tapped, Notice)
    assert tapped.text.startswith("Subscribed to Physics basics. Studying Physics basics only, for now.")
    assert isinstance(tapped.next, Prompt)
    assert tapped.next.deck == "physics"


async def test_every_review_is_logged(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    clock.advance(seconds=12)
    await chat.send("water?")
    with chat.engine.db.transaction() as session:
        log = (session.execute(select(ReviewLog))).scalar_one()
    assert (log.rating, log.answer, log.correct, log.platform, log.was_new) == (1, "water?", False, "console", True)
    assert log.duration_ms == 12_000
    assert log.reviewed_at == clock.now


async def test_a_nonce_and_a_choice_key_fit_telegram_button_data(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    button = f"a:{chat.last.nonce}:{chat.last.choices[-1].key}"
    assert len(button.encode()) <= 64
    assert len(chat.last.nonce) >= 10  # ~58 bits: not guessable by tapping around


async def test_grade_and_reveal_buttons_refuse_the_wrong_card_kind(chat: Chat) -> None:
    from studybot.srs import Rating

    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.kind == "mcq"
    nonce = chat.last.nonce
    reveal = await chat.engine.reveal(chat.learner, nonce)
    graded = await chat.engine.grade(chat.learner, nonce, Rating.EASY)
    assert isinstance(reveal, Notice)
    assert reveal.text == "This question is answered by choosing or typing, not by revealing."
    assert isinstance(graded, Notice)
    assert graded.text == "This question is graded automatically; answer it instead."


async def test_true_false_cards_take_words_or_numbers(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send("/skip")  # to "Sound travels through a vacuum."
    assert chat.asked is not None
    assert chat.asked.kind == "truefalse"
    assert [c.label for c in chat.asked.choices] == ["True", "False"]  # never shuffled
    assert await chat.send("perhaps") == "Error: Answer true or false (1 or 2)."
    reply = await chat.send("false")
    assert reply.startswith("✓ Correct.")
    assert "Why: Sound needs a medium to carry its pressure waves." in reply


async def test_empty_and_huge_typed_answers(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    assert await chat.send("?!") == "Error: Type your answer, or send /hint or /skip."
    reply = await chat.send("H" * 50_000)
    assert reply.startswith("✗ Not quite. The answer is: H2O")
    with chat.engine.db.transaction() as session:
        logged = session.scalars(select(ReviewLog.answer)).one()
    assert logged is not None
    assert len(logged) == 500  # stored, but cut to a sane size
