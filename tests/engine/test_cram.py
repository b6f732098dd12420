"""`/cram DECK`: practice that is graded as usual but never changes the schedule, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from studybot.engine.replies import Feedback, Notice, Prompt, Stats
from studybot.storage.models import BuriedCard, CardState, ReviewLog
from tests.conftest import Chat, FakeClock

MCQ = "Roughly how fast does light travel in vacuum?"
TRUE_FALSE = "Sound travels through a vacuum."
SHORT = "What is the SI unit of force?"


def choice(chat: Chat, label: str) -> str:
    prompt = chat.last.next if isinstance(chat.last, Notice | Feedback) else chat.last
    assert isinstance(prompt, Prompt), chat.last
    return next(c.key for c in prompt.choices if c.label == label)


def shown(chat: Chat) -> Prompt:
    prompt = chat.last.next if isinstance(chat.last, Notice | Feedback) else chat.last
    assert isinstance(prompt, Prompt), chat.last
    return prompt


def card_states(chat: Chat) -> list[tuple[Any, ...]]:
    """Every learner's every card_states row, all columns."""
    with chat.engine.db.transaction() as session:
        return [tuple(row) for row in session.execute(select(*CardState.__table__.c).order_by("user_id", "card_id"))]


def log_count(chat: Chat, *, cram: bool) -> int:
    with chat.engine.db.transaction() as session:
        return int(session.scalar(select(func.count()).where(ReviewLog.cram.is_(cram))) or 0)


async def study_three(chat: Chat) -> None:
    """The mcq wrong, the true/false right, the short answer right."""
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send(choice(chat, "300 km/s"))
    await chat.send("2")
    await chat.send("newton")
    assert shown(chat).kind == "cloze"


async def test_cram_drills_the_missed_card_in_a_loop_and_leaves_the_schedule_alone(chat: Chat) -> None:
    await study_three(chat)
    before, stats_before = card_states(chat), await chat.engine.stats(chat.learner)

    reply = await chat.send("/cram physics")

    assert "Cram: Physics basics, 1 card you got wrong last time, in a loop." in reply
    assert "your schedule does not change. /cram stop ends it." in reply
    prompt = shown(chat)
    assert prompt.text == MCQ
    assert prompt.progress == "cram · schedule unchanged · /cram stop ends it"
    wrong = await chat.send(choice(chat, "300 km/s"))
    assert "✗ Not quite. The answer is: 300,000 km/s" in wrong
    assert "Why: c is about 299,792 km/s." in wrong
    assert "Rated Again · cram: your schedule is unchanged" in wrong
    assert isinstance(chat.last, Feedback)
    assert not chat.last.can_override
    assert not chat.last.can_mark_easy
    assert shown(chat).text == MCQ  # the loop asks it again
    right = await chat.send(choice(chat, "300,000 km/s"))
    assert "✓ Correct." in right

    assert card_states(chat) == before
    assert log_count(chat, cram=True) == 2
    stats_after = await chat.engine.stats(chat.learner)
    assert isinstance(stats_before, Stats)
    assert isinstance(stats_after, Stats)
    assert stats_after == stats_before  # reviewed today, streak, retention, due: cram counts in none


async def test_cram_with_nothing_missed_covers_every_seen_card_in_turn(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send(choice(chat, "300,000 km/s"))
    await chat.send("2")
    before = card_states(chat)

    reply = await chat.send("/cram physics")

    assert "Cram: Physics basics, 2 cards you have seen (none was wrong last time), in a loop." in reply
    asked = [shown(chat).text]
    await chat.send("1")
    asked.append(shown(chat).text)
    await chat.send("1")
    asked.append(shown(chat).text)
    assert asked == [MCQ, TRUE_FALSE, MCQ]
    assert card_states(chat) == before


async def test_cram_stop_ends_it_and_a_stale_cram_button_grades_nothing(chat: Chat) -> None:
    await study_three(chat)
    await chat.send("/cram physics")
    await chat.send(choice(chat, "300,000 km/s"))
    stale = shown(chat)
    before = card_states(chat)

    reply = await chat.send("/cram stop")

    assert reply == (
        "Cram of Physics basics is over: 1 answer, 1 right. Your schedule is as it was. /quiz for your scheduled cards."
    )
    late = await chat.engine.answer(chat.learner, stale.choices[0].key, stale.nonce)
    assert isinstance(late, Notice)
    assert "no longer open" in late.text
    assert log_count(chat, cram=True) == 1
    assert card_states(chat) == before
    assert await chat.send("/cram stop") == (
        "You are not cramming. /cram DECK practises a deck's missed cards without changing your schedule."
    )


async def test_a_scheduled_quiz_ends_the_cram(chat: Chat) -> None:
    await study_three(chat)
    await chat.send("/cram physics")

    reply = await chat.send("/quiz")

    assert reply.startswith("Cram of Physics basics is over: 0 answers, 0 right.")
    assert shown(chat).progress != "cram · schedule unchanged · /cram stop ends it"
    assert shown(chat).text != MCQ  # the scheduled queue: the missed card is not due yet


async def test_undo_in_a_cram_takes_back_the_cram_answer_only(chat: Chat, clock: FakeClock) -> None:
    await study_three(chat)
    before = card_states(chat)
    await chat.send("/cram physics")
    await chat.send(choice(chat, "300 km/s"))

    reply = await chat.send("/undo")

    assert reply.startswith(f"Undone: your cram answer to “{MCQ}”. Here it is again.")
    assert shown(chat).progress == "cram · schedule unchanged · /cram stop ends it"
    assert log_count(chat, cram=True) == 0
    assert await chat.send("/undo") == "Error: Nothing to undo in this cram yet. /cram stop ends it."
    assert card_states(chat) == before
    await chat.send("/cram stop")
    assert (await chat.send("/undo")).startswith(f"Undone: your answer to “{SHORT}”")  # the last scheduled one


async def test_i_was_right_and_easy_change_nothing_during_a_cram(chat: Chat) -> None:
    await study_three(chat)
    await chat.send("/cram physics")
    await chat.send(choice(chat, "300 km/s"))
    before = card_states(chat)
    refusal = "Error: Cram answers change no schedule, so there is nothing to re-grade. /cram stop ends the cram."
    assert await chat.send("I was right") == refusal
    assert await chat.send("easy") == refusal
    assert card_states(chat) == before


async def test_skip_in_a_cram_moves_on_without_burying(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send(choice(chat, "300 km/s"))
    await chat.send("1")  # true/false wrong too
    await chat.send("/cram physics")
    assert shown(chat).text == MCQ

    await chat.send("/skip")

    assert shown(chat).text == TRUE_FALSE
    with chat.engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(BuriedCard)) == 0


async def test_cram_needs_a_known_deck_with_seen_cards(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    assert (await chat.send("/cram")).startswith("Which deck do you want to cram?")
    assert await chat.send("/cram biology") == "Error: There is no deck called “biology”. /decks lists them."
    assert (
        await chat.send("/cram physics")
        == "Error: You have not studied any card of Physics basics yet: /quiz physics first."
    )


async def test_the_daily_push_does_not_interrupt_a_cram(chat: Chat, clock: FakeClock) -> None:
    await study_three(chat)
    await chat.send("/cram physics")
    open_question = shown(chat)
    clock.advance(days=3)

    push = await chat.engine.daily_push(chat.learner)

    assert push is not None
    assert push.next is None
    assert push.text.endswith("— /quiz ends your cram and asks them")
    again = await chat.engine.next(chat.learner)  # /quiz: the cram is over, a scheduled card comes
    assert isinstance(again, Notice)
    assert again.text.startswith("Cram of Physics basics is over")
    assert again.next is not None
    assert again.next.nonce != open_question.nonce


async def test_a_crammed_flashcard_shows_grades_without_intervals_and_keeps_its_schedule(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for answer in (choice(chat, "300,000 km/s"), "2", "newton", "9.8", ""):
        await chat.send(answer)
    await chat.send("1")  # the flashcard: Again
    before = card_states(chat)

    await chat.send("/cram physics")
    assert "entropy" in shown(chat).text
    revealed = await chat.send("")

    assert "How well did you recall it? 1 Again · 2 Hard · 3 Good · 4 Easy" in revealed
    graded = await chat.send("4")
    assert "Graded Easy." in graded
    assert "Rated Easy · cram: your schedule is unchanged" in graded
    assert card_states(chat) == before
