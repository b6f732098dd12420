"""A group changes under the bot: it becomes a supergroup (Telegram gives it a new id), and its question of
the day and its leaderboard go with it; its admins take the bot's right to post mid-challenge."""

from __future__ import annotations

from collections.abc import Callable

from tests.adapters.telegram.test_challenges import right_label, timer, wrong_label
from tests.conftest import FakeClock
from tests.fakes.telegram_api import JSON, FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

BASIC, SUPER = -4001, -1004001


def upgraded(who: Person) -> JSON:
    """The service message Telegram leaves in the old group when it becomes a supergroup."""
    chat = {"id": BASIC, "type": "group", "title": "Study group"}
    number = who.room.fake.next_message_id(BASIC)
    return {"message_id": number, "date": 0, "chat": chat, "from": who.user, "migrate_to_chat_id": SUPER}


async def play_and_set_the_daily_question(alice: Person, bob: Person, clock: FakeClock) -> None:
    await alice.says("/daily 07:30 physics")
    assert "every day at 07:30 (UTC time)" in alice.bot_said()
    await alice.says("/challenge physics 1")
    question = alice.last_message()
    clock.advance(seconds=3)
    await alice.presses(right_label(question), on=question)
    await bob.presses(wrong_label(question), on=question)
    clock.advance(seconds=20)
    await timer(alice.room).challenges.tick()
    assert "final scores" in alice.last_message().text


async def test_an_upgraded_group_keeps_its_question_of_the_day_and_its_leaderboard(
    person: Callable[..., Person], fake: FakeTelegram, room: Chatroom, clock: FakeClock
) -> None:
    fake.admins[BASIC] = {1001}
    alice, bob = person(1001, "Alice", BASIC), person(1002, "Bob", BASIC)
    await play_and_set_the_daily_question(alice, bob, clock)

    fake.migrated[BASIC] = SUPER
    await room.send(message=upgraded(alice))
    clock.advance(days=1)
    await timer(room).challenges.tick()
    alice_now, bob_now = person(1001, "Alice", SUPER), person(1002, "Bob", SUPER)
    assert alice_now.last_message().text.startswith("Question of the day · Physics basics · 1 of 1")

    await bob_now.says("/leaderboard all")
    assert "1. Alice — 9 points · 1 right" in bob_now.bot_said()
    await bob_now.says("/daily")
    assert "every day at 07:30 (UTC time), from physics" in bob_now.bot_said()


async def test_a_group_upgraded_while_the_bot_missed_the_news_gets_its_question_in_the_supergroup(
    person: Callable[..., Person], fake: FakeTelegram, room: Chatroom, clock: FakeClock
) -> None:
    """No service message reached the bot (it was down): Telegram's answer to the next post names the new id."""
    fake.admins[BASIC] = {1001}
    alice, bob = person(1001, "Alice", BASIC), person(1002, "Bob", BASIC)
    await play_and_set_the_daily_question(alice, bob, clock)

    fake.migrated[BASIC] = SUPER
    clock.advance(days=1)
    await timer(room).challenges.tick()
    bob_now = person(1002, "Bob", SUPER)
    question = bob_now.last_message()
    assert question.text.startswith("Question of the day · Physics basics · 1 of 1")
    assert await bob_now.presses(right_label(question), on=question) == "✓ Right: +10 points"
    await bob_now.says("/leaderboard all")
    assert "1. Bob — 10 points · 1 right" in bob_now.bot_said()
    assert "2. Alice — 9 points · 1 right" in bob_now.bot_said()


async def test_a_bot_muted_mid_challenge_ends_it_so_the_group_can_start_another_once_it_may_post(
    person: Callable[..., Person], fake: FakeTelegram, room: Chatroom, clock: FakeClock
) -> None:
    alice = person(1001, "Alice", SUPER)
    await alice.says("/challenge physics 2")
    first = alice.last_message()
    await alice.presses(right_label(first), on=first)
    fake.muted_in.add(SUPER)  # an admin took the bot's right to send messages
    clock.advance(seconds=21)
    await timer(room).challenges.tick()  # the second question cannot be posted
    fake.muted_in.clear()

    await alice.says("/challenge physics 1")
    assert alice.last_message().text.startswith("Challenge by Alice · Physics basics · 1 of 1")
