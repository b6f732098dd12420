"""Group play in a Telegram group: a challenge answered by three members, its scoreboard, the leaderboard,
the question of the day, and a group that removed the bot."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from random import Random

import pytest
from telegram.ext import ExtBot

from studybot.adapters.telegram import TelegramService
from studybot.adapters.telegram.groups import TelegramGroups
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner
from studybot.push.challenges import ChallengeTicker
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import GROUP
from tests.conftest import FakeClock
from tests.fakes.telegram_api import JSON, FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person, Sent

RIGHT = {
    "Roughly how fast does light travel in vacuum?": "300,000 km/s",
    "Sound travels through a vacuum.": "False",
}


def right_label(question: Sent) -> str:
    return next(answer for text, answer in RIGHT.items() if text in question.text)


def wrong_label(question: Sent) -> str:
    return next(label for label in question.buttons if label != right_label(question))


def left(who: Person) -> JSON:
    """The service message Telegram sends when a member leaves the group."""
    chat = {"id": GROUP, "type": "supergroup", "title": "Study group"}
    number = who.room.fake.next_message_id(GROUP)
    return {"message_id": number, "date": 0, "chat": chat, "from": who.user, "left_chat_member": who.user}


def timer(room: Chatroom) -> TelegramService:
    assert isinstance(room.service, TelegramService)
    return room.service


async def test_three_members_answer_a_challenge_and_see_the_scoreboard(
    person: Callable[..., Person], fake: FakeTelegram, clock: FakeClock
) -> None:
    alice, bob, carol = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP), person(1003, "Carol", GROUP)
    await alice.says("/challenge@studybot_test_bot physics 2")
    first = alice.last_message()
    assert first.text.startswith("Challenge by Alice · Physics basics · 1 of 2")
    assert "Anyone may answer, once · 20 s" in first.text

    clock.advance(seconds=3)
    assert await alice.presses(right_label(first), on=first) == "✓ Right: +9 points"
    assert await alice.presses(right_label(first), on=first) == "You already answered this question."
    clock.advance(seconds=5)
    assert await bob.presses(wrong_label(first), on=first) == "✗ Not quite: 0 points"
    clock.advance(seconds=13)
    assert await carol.presses(right_label(first), on=first) == "This question is closed."  # late

    closed = next(m for m in alice.room.messages_in(GROUP) if m.id == first.id)
    assert closed.buttons == []
    assert f"✓ {right_label(first)}" in closed.text
    assert "Right: Alice 3.0 s (+9)" in closed.text
    assert "Wrong: 1" in closed.text
    second = alice.last_message()
    assert second.text.startswith("Challenge by Alice · Physics basics · 2 of 2")

    kept = second.callback(right_label(second))  # the button, as a slow client still shows it
    await bob.says("/challenge stop")
    assert "Only the member who started the challenge or a chat admin can stop it." in bob.bot_said()
    await alice.says("/challenge stop")
    assert await carol.presses(right_label(second), on=second, data=kept) == "This question is closed."  # after stop
    board = alice.last_message().text
    assert board.splitlines()[:2] == [
        "Challenge by Alice · Physics basics: final scores",
        "(stopped by Alice after 2 questions)",
    ]
    assert "1. Alice — 9 points · 1 right" in board
    assert "2. Bob — 0 points · 0 right" in board
    assert "Carol" not in board

    group_sends = [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == GROUP]
    assert len(group_sends) == 4  # two questions, the refusal to Bob, the scoreboard: closing is an edit

    await alice.says("/subscribe physics")
    await alice.says("/quiz")  # personal quizzes are their own, as before
    assert "For Alice:" in alice.bot_said()


async def test_a_question_closes_on_time_and_the_leaderboard_counts_two_days(
    person: Callable[..., Person], room: Chatroom, clock: FakeClock
) -> None:
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    for _day in range(2):
        await alice.says("/challenge physics 1")
        question = alice.last_message()
        clock.advance(seconds=10)
        await alice.presses(right_label(question), on=question)
        await bob.presses(wrong_label(question), on=question)
        clock.advance(seconds=11)
        await timer(room).challenges.tick()
        assert "final scores" in alice.last_message().text
        clock.advance(days=1)

    await bob.says("/leaderboard")
    board = bob.bot_said()
    assert "Leaderboard · this week" in board
    assert "1. Alice — 14 points · 2 right · 🔥 2 days" in board
    assert "2. Bob — 0 points · 0 right" in board
    assert "points" in board.splitlines()[-1]  # the rule

    await room.send(message=left(bob))
    await alice.says("/leaderboard")
    assert "Bob" not in alice.bot_said()
    assert "1. Alice" in alice.bot_said()

    await alice.says("/leaderboard hide")
    await bob.says("/leaderboard all")
    assert "Alice" not in bob.bot_said()

    await alice.says("/help")
    assert "A right challenge answer scores 5–10 points" in alice.bot_said()


async def test_only_admins_set_the_question_of_the_day_and_a_removed_bot_turns_it_off(
    person: Callable[..., Person],
    fake: FakeTelegram,
    room: Chatroom,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    fake.admins[GROUP] = {1001}
    await bob.says("/daily 08:30")
    assert "Only the chat's admins can set the question of the day." in bob.bot_said()
    await alice.says("/daily 08:30 Europe/Berlin physcs")
    assert "Did you mean physics?" in alice.bot_said()
    await alice.says("/daily 08:30 Europe/Berlin physics")
    assert "every day at 08:30 (Europe/Berlin time), from physics; next tomorrow 08:30" in alice.bot_said()

    clock.advance(days=1)
    await timer(room).challenges.tick()
    daily = alice.last_message()
    assert daily.text.startswith("Question of the day · Physics basics · 1 of 1")
    await timer(room).challenges.tick()
    assert alice.last_message().id == daily.id  # once

    fake.removed_from.add(GROUP)
    clock.advance(days=1)
    with caplog.at_level(logging.INFO):
        await timer(room).challenges.tick()
    lines = [r.getMessage() for r in caplog.records if str(GROUP) in r.getMessage()]
    assert lines == [f"telegram chat {GROUP} no longer has the bot; its question of the day is off"]
    fake.removed_from.clear()
    clock.advance(days=1)
    await timer(room).challenges.tick()
    assert alice.last_message().id == daily.id  # no question since: it is off
    await alice.says("/daily")
    assert alice.bot_said().startswith("No question of the day here.")


async def test_two_processes_race_for_the_question_of_the_day(
    db_url: str, engine: QuizEngine, fake: FakeTelegram, clock: FakeClock
) -> None:
    """Two bot processes (each its own database connections and bot) tick at the same moment: one posts."""
    admin = Place("telegram", str(GROUP), by_admin=True)
    await GroupEngine(engine).daily(admin, Learner("telegram", "1001", "Alice"), "07:00")
    clock.advance(days=1)
    databases = [Database(db_url), Database(db_url)]
    try:
        async with contextlib.AsyncExitStack() as stack:
            tickers = []
            for number, database in enumerate(databases):
                bot = await stack.enter_async_context(ExtBot(fake.token, base_url=fake.base_url))
                groups = GroupEngine(QuizEngine(database, clock=clock, rng=Random(number)))
                tickers.append(ChallengeTicker(groups, TelegramGroups(bot, groups).posts))
            await asyncio.gather(*(ticker.tick() for ticker in tickers))
            await asyncio.gather(*(ticker.tick() for ticker in tickers))
    finally:
        for database in databases:
            await database.close()
    posted = [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == GROUP]
    assert len(posted) == 1
    assert str(posted[0].params["text"]).startswith("<b>Question of the day · every deck</b> · 1 of 1")


async def test_an_anonymous_admin_sets_the_question_of_the_day_and_is_told_why_a_quiz_cannot_be_theirs(
    person: Callable[..., Person], fake: FakeTelegram, room: Chatroom, clock: FakeClock
) -> None:
    """An admin with "Remain anonymous" on posts as the group: only admins can, so /daily is theirs to set."""
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    fake.admins[GROUP] = {1001}  # Alice's account is not even asked: the group posted
    await alice.says("/daily 08:30 Europe/Berlin physics", as_the_group=True)
    assert "every day at 08:30 (Europe/Berlin time), from physics" in alice.bot_said()
    await alice.says("/quiz", as_the_group=True)
    assert "You are posting as the group (an anonymous admin)" in alice.bot_said()
    await alice.says("/quiz@some_other_bot", as_the_group=True)
    await alice.says("just chatting", as_the_group=True)
    assert alice.new_messages() == []

    await alice.says("/challenge physics 1", as_the_group=True)
    question = alice.last_message()
    assert question.text.startswith("Challenge by Study group")
    await bob.presses(right_label(question), on=question)
    clock.advance(seconds=30)
    await timer(room).challenges.tick()
    await bob.says("/leaderboard")
    board = bob.bot_said()
    assert "Bob" in board
    assert "Study group" not in board  # the stand-in never answered: it scores nothing


async def test_a_big_group_with_long_names_still_gets_its_scoreboard(
    person: Callable[..., Person], room: Chatroom, clock: FakeClock
) -> None:
    """45 members, each with names as long as Telegram allows (64 characters each, some markup, emoji), answer
    a one-question challenge: the scoreboard is posted, its best 20 rows and how many more."""
    members = [
        person(2000 + n, f"<b>{n:02d}</b> & " + "Maximilian-Alexander " * 2 + "x" * 10, GROUP) for n in range(45)
    ]
    for member in members:
        member.user["last_name"] = "🦉" * 64
    await members[0].says("/challenge physics 1")
    question = members[0].last_message()
    for number, member in enumerate(members):
        clock.advance(seconds=0.1)
        pressed = right_label(question) if number % 2 == 0 else wrong_label(question)
        await member.presses(pressed, on=question)
    clock.advance(seconds=20)
    await timer(room).challenges.tick()

    board = members[0].last_message().text.splitlines()
    assert "final scores" in board[0]
    assert board[3] == "1. <b>00</b> & Maximilian-Alexander Maximilian-Alexander xxxxxxxxx… — 10 points · 1 right"
    assert all(" points · " in row for row in board[3:23])
    assert board[23:] == ["… and 25 more"]


async def test_a_long_name_of_emoji_is_cut_between_emoji_on_the_scoreboard(
    person: Callable[..., Person], room: Chatroom, clock: FakeClock
) -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"  # one emoji a reader sees, seven characters
    ana = person(2100, "Ana", GROUP)
    ana.user["last_name"] = family * 10
    await ana.says("/challenge physics 1")
    question = ana.last_message()
    await ana.presses(right_label(question), on=question)
    clock.advance(seconds=20)
    await timer(room).challenges.tick()

    row = ana.last_message().text.splitlines()[3]
    name = row.removeprefix("1. ").split(" — ")[0]
    assert name == "Ana " + family * 8 + "…"  # 8 whole families fit in 64 characters; none is split
