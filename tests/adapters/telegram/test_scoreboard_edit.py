"""A group out of messages for the minute gets the round's scoreboard in the last question's message (an
edit), even when that question is as long as a statement may be and the members' names are long emoji."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import GROUP
from tests.adapters.telegram.owls import import_owls
from tests.adapters.telegram.test_challenges import timer
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

STATEMENT = ("Owls & <b>larks</b> 🦉 hunt at night. " * 60)[:2000]  # escapes, tags-to-be and emoji to cut


async def closed_out_of_messages(
    person: Callable[..., Person], room: Chatroom, fake: FakeTelegram, clock: FakeClock, last_name: str
) -> list[str]:
    """20 members named "Member NN LAST_NAME" answer a one-question challenge right; when it closes, the group
    has no message left (another process of the bot posted there: a 429). The question's lines as edited."""
    members = [person(3000 + n, f"Member {n:02d}", GROUP) for n in range(20)]
    for member in members:
        member.user["last_name"] = last_name
    await members[0].says("/challenge owls 1")
    question = members[0].last_message()
    for member in members:
        clock.advance(seconds=0.1)
        await member.presses("True", on=question)
    fake.flood.per_minute = 1
    clock.advance(seconds=20)
    await timer(room).challenges.tick()
    assert members[0].last_message().id == question.id  # no new message: the scoreboard is in the question's
    return room.as_now(question).text.splitlines()


def members_ranked(board: list[str]) -> set[str]:
    assert board[1:3] == ["(after 1 question)", ""]
    assert all(row.endswith(" · 1 right") for row in board[3:])
    return {row.split(". ", 1)[1][:9] for row in board[3:]}


async def test_the_scoreboard_added_to_a_long_question_keeps_every_row(
    person: Callable[..., Person],
    room: Chatroom,
    fake: FakeTelegram,
    engine: QuizEngine,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    assert len(STATEMENT) == 2000  # the longest a statement may be
    import_owls(engine, clock, tmp_path, statement=STATEMENT)
    owls = "🦉" * 24
    shown = await closed_out_of_messages(person, room, fake, clock, owls)

    assert shown[0] == f"Challenge by Member 00 {owls} · Owls · 1 of 1 · closed"
    assert shown[2].startswith("Owls & <b>larks</b> 🦉 hunt at night.")
    assert shown[2].endswith("…")  # the question, cut to make room
    assert shown[4:6] == ["✓ True", f"Right: Member 00 {owls} 0.1 s (+10), " + shown[5].split(", ", 1)[1]]
    board = shown[shown.index(f"Challenge by Member 00 {owls} · Owls: final scores") :]
    assert members_ranked(board) == {f"Member {n:02d}" for n in range(20)}


async def test_names_too_long_for_both_give_way_to_how_many_got_it(
    person: Callable[..., Person],
    room: Chatroom,
    fake: FakeTelegram,
    engine: QuizEngine,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    import_owls(engine, clock, tmp_path, statement=STATEMENT)
    owls = "🦉" * 64  # Telegram's longest last name, each character two UTF-16 units
    shown = await closed_out_of_messages(person, room, fake, clock, owls)

    assert shown[0] == f"Challenge by Member 00 {owls} · Owls · 1 of 1 · closed"
    assert shown[4:6] == ["✓ True", "Right: 20 members"]
    board = shown[shown.index(f"Challenge by Member 00 {owls} · Owls: final scores") :]
    assert members_ranked(board) == {f"Member {n:02d}" for n in range(20)}
