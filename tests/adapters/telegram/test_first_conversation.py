"""A learner's first conversation: /start → subscribe button → /quiz → button → feedback → /stats."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_start_subscribe_quiz_answer_and_stats(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/start")
    greeting = alice.last_message()
    assert greeting.text.splitlines() == [
        "Hello, Alice! I quiz you with spaced repetition.",
        "Tap a deck below to subscribe (✓ = subscribed).",
        "Then /quiz asks you a card; /help lists everything.",
    ]
    assert greeting.buttons == ["Chemistry basics", "Physics basics", "📚 Subscribe to all"]

    assert await alice.presses("Physics basics") == "Subscribed to Physics basics. Send /quiz to start."
    assert alice.last_message().buttons == ["Chemistry basics", "✓ Physics basics", "📚 Subscribe to all"]

    await alice.says("/quiz")
    question = alice.last_message()
    assert question.text.splitlines() == [
        "Physics basics · 0 due · 5 new left today",
        "Roughly how fast does light travel in vacuum?",
    ]
    assert sorted(question.buttons) == sorted(["300,000 km/s", "30,000 km/s", "3,000 km/s", "300 km/s"])

    assert await alice.presses("300,000 km/s") == "✓ Correct"
    edited = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert edited.buttons == ["😌 Too easy"]  # the answer buttons are gone
    assert "Your answer: 300,000 km/s\n✓ Correct." in edited.text
    assert "Why: c is about 299,792 km/s." in edited.text
    assert edited.raw["_html"].startswith("<b>Physics basics</b> · 0 due")  # the question's own markup is kept
    assert "Sound travels through a vacuum." in alice.last_message().text
    assert alice.last_message().buttons == ["True", "False"]

    await alice.says("/stats")
    assert "Reviewed today: 1 · new today: 1 of 20" in alice.bot_said()
    assert {c["command"] for c in fake.commands} >= {"start", "quiz", "settings", "stats"}
