"""Queue order as Anki's: due learning steps, then due reviews, then new cards, then learning ahead."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from studybot.engine.replies import Notice, Prompt
from studybot.srs import Memory
from studybot.storage import reviews
from studybot.storage.models import Card, User
from tests.conftest import Chat, FakeClock


def remember(chat: Chat, key: str, *, state: int, due: datetime) -> None:
    """Give the learner a memory of the chemistry card `key`: state 1 learning, 2 review, 3 relearning."""
    learning = state != 2
    memory = Memory(
        state=state,
        step=0 if learning else None,
        stability=1.0 if learning else 20.0,
        difficulty=5.0,
        due=due,
        last_review=due - (timedelta(minutes=10) if learning else timedelta(days=20)),
        reps=3,
    )
    with chat.engine.db.transaction() as session:
        card_id = session.scalar(select(Card.id).where(Card.deck_id == "chemistry", Card.key == key))
        user_id = session.scalar(select(User.id).where(User.external_id == chat.learner.external_id))
        assert card_id is not None
        assert user_id is not None
        reviews.save_memory(session, user_id, card_id, memory)


async def start(chat: Chat, new_per_day: int = 0) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send(f"/settings new {new_per_day}")


async def asked(chat: Chat) -> str:
    reply = await chat.send("/quiz")
    return chat.last.text if isinstance(chat.last, Prompt) else reply


async def test_a_due_learning_step_comes_before_a_more_overdue_review(chat: Chat, clock: FakeClock) -> None:
    await start(chat)
    remember(chat, "water", state=2, due=clock.now - timedelta(days=3))
    remember(chat, "noble-gas", state=3, due=clock.now - timedelta(minutes=1))
    assert await asked(chat) == "Which of these is a noble gas?"
    await chat.send("/skip")
    assert chat.asked is not None
    assert chat.asked.text == "What is the chemical formula of water?"


async def test_a_learning_card_minutes_away_is_asked_rather_than_all_caught_up(chat: Chat, clock: FakeClock) -> None:
    await start(chat)
    remember(chat, "water", state=1, due=clock.now + timedelta(minutes=15))
    assert await asked(chat) == "What is the chemical formula of water?"


async def test_learning_ahead_waits_for_new_cards_and_stops_at_twenty_minutes(chat: Chat, clock: FakeClock) -> None:
    await start(chat, new_per_day=1)
    remember(chat, "water", state=1, due=clock.now + timedelta(minutes=15))
    remember(chat, "noble-gas", state=1, due=clock.now + timedelta(minutes=30))
    assert await asked(chat) == "Pure water at 25 °C has a pH of ____."  # the new card first
    await chat.send("/skip")
    assert chat.asked is not None
    assert chat.asked.text == "What is the chemical formula of water?"
    reply = await chat.send("/skip")
    assert reply == (
        "Skipped “What is the chemical formula of water?” — back tomorrow. All caught up."
        " Next review in 30m, at 08:30 (UTC time)."
    )


async def test_a_skipped_card_no_longer_counts_as_due_nor_names_a_past_time(chat: Chat, clock: FakeClock) -> None:
    await start(chat)
    remember(chat, "water", state=2, due=clock.now - timedelta(days=2))
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress.startswith("1 due")
    reply = await chat.send("/skip")
    assert reply == (
        "Skipped “What is the chemical formula of water?” — back tomorrow. All caught up."
        " New cards are off (/settings new 20 turns them on)."
        " Next review in 16h, at Tue 00:00 (UTC time)."
    )
    stats = await chat.send("/stats")
    assert "Due now: 0 · due today: 0" in stats
    assert "Chemistry basics: 1/3 seen, 0 due" in stats


async def test_clock_times_are_the_learners_and_say_whose(chat: Chat, clock: FakeClock) -> None:
    await start(chat)
    await chat.send("/settings timezone Asia/Tokyo")
    remember(chat, "water", state=2, due=clock.now + timedelta(hours=2))  # 08:00 UTC + 2 h = 19:00 in Tokyo
    reply = await chat.send("/quiz")
    assert isinstance(chat.last, Notice)
    assert reply.endswith("Next review in 2h, at 19:00 (Asia/Tokyo time).")
