"""A forum group: each topic is its own conversation. The bot answers in the topic it was spoken to in, and
group play in a topic (a challenge, its later questions, the question of the day) stays in that topic."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from tests.adapters.telegram.conftest import GROUP
from tests.adapters.telegram.test_challenges import right_label, timer
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

QUIZ_TOPIC, CHATTER_TOPIC = 7, 9


def topics_of(fake: FakeTelegram) -> set[int | None]:
    return {m.get("message_thread_id") for (chat, _), m in fake.messages.items() if chat == GROUP}


async def test_a_learner_studies_in_a_topic_and_every_reply_stays_there(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice = person(1001, "Alice", GROUP, topic=QUIZ_TOPIC)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.last_message()
    assert question.text.startswith("For Alice:\nPhysics basics")
    await alice.presses(question.buttons[0], on=question)  # answered in place, or the next as a message
    await alice.says("/stats")
    assert "Reviewed today: 1" in alice.bot_said()
    assert topics_of(fake) == {QUIZ_TOPIC}  # nothing landed in the General topic


async def test_a_challenge_and_the_question_of_the_day_stay_in_their_topics(
    person: Callable[..., Person], fake: FakeTelegram, room: Chatroom, clock: FakeClock
) -> None:
    alice = person(1001, "Alice", GROUP, topic=QUIZ_TOPIC)
    bob = person(1002, "Bob", GROUP, topic=CHATTER_TOPIC)
    fake.admins[GROUP] = {1001, 1002}
    await alice.says("/challenge physics 2")
    first = alice.last_message()
    assert first.text.startswith("Challenge by Alice · Physics basics · 1 of 2")
    await bob.says("/challenge physics 1")  # another topic plays on its own
    assert bob.last_message().text.startswith("Challenge by Bob")

    await alice.presses(right_label(first), on=first)
    clock.advance(seconds=30)
    await timer(room).challenges.tick()  # closes both topics' questions; Alice's second is posted by the timer
    second = alice.last_message()
    assert second.text.startswith("Challenge by Alice · Physics basics · 2 of 2")
    await alice.presses(right_label(second), on=second)
    clock.advance(seconds=30)
    await timer(room).challenges.tick()
    assert "Alice" in alice.last_message().text  # the scoreboard, in Alice's topic
    await alice.says("/leaderboard")
    assert "Alice" in alice.bot_said()
    assert "Bob" not in alice.bot_said()  # Bob played in his own topic

    await bob.says("/daily 08:30 UTC physics")
    clock.advance(minutes=30)  # the clock starts at 08:00 UTC
    await timer(room).challenges.tick()
    assert bob.last_message().text.startswith("Question of the day · Physics basics")
    assert topics_of(fake) == {QUIZ_TOPIC, CHATTER_TOPIC}


@pytest.mark.parametrize("gone", ["deleted", "closed"])
async def test_a_deleted_or_closed_topic_turns_its_question_of_the_day_off(
    gone: str,
    person: Callable[..., Person],
    fake: FakeTelegram,
    room: Chatroom,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bob = person(1002, "Bob", GROUP, topic=CHATTER_TOPIC)
    fake.admins[GROUP] = {1002}
    await bob.says("/daily 08:30 UTC physics")
    if gone == "deleted":
        fake.forums[GROUP].discard(CHATTER_TOPIC)
    else:
        fake.closed_topics.add((GROUP, CHATTER_TOPIC))
    clock.advance(minutes=30)  # the clock starts at 08:00 UTC
    with caplog.at_level(logging.INFO):
        await timer(room).challenges.tick()
    assert any("question of the day is off" in r.getMessage() for r in caplog.records)
    fake.forums[GROUP].add(CHATTER_TOPIC)  # the topic back (reopened, or a new one of the same number)
    fake.closed_topics.clear()  # the question stays off until an admin sets it again
    clock.advance(days=1)
    await timer(room).challenges.tick()
    assert not any(m.text.startswith("Question of the day ·") for m in room.messages_in(GROUP))
