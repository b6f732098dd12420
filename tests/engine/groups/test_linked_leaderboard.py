"""The leaderboard of a member who linked their accounts: one row, under the name they have in that chat."""

from __future__ import annotations

import re

from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import Leaderboard
from studybot.engine.replies import Learner
from tests.conftest import Chat, FakeClock
from tests.engine.groups.test_challenge_rules import ALICE, BOB, GROUP, right_key


async def both_answer_right(groups: GroupEngine, clock: FakeClock, *members: Learner) -> None:
    update = await groups.challenge(GROUP, members[0], "physics 1")
    assert update.ask is not None, update
    clock.advance(seconds=1)
    for member in members:
        await groups.answer(GROUP, member, update.ask.nonce, right_key(update.ask))
    clock.advance(seconds=30)
    await groups.close_due("telegram")


async def links(engine: QuizEngine, giver: Chat, taker: Learner) -> None:
    code = re.search(r"Your link code: (\S+) ", await giver.send("/link"))
    assert code is not None
    other = Chat(engine)
    other.learner = taker
    assert "Linked" in await other.send(f"/link {code[1]}")


async def test_points_from_before_and_after_a_link_make_one_row(engine: QuizEngine, clock: FakeClock) -> None:
    groups = GroupEngine(engine)
    await both_answer_right(groups, clock, ALICE, BOB)
    clock.advance(days=1)
    await links(engine, Chat(engine, "alice-laptop"), ALICE)  # her terminal account gives the code
    await both_answer_right(groups, clock, ALICE, BOB)

    board = await groups.leaderboard(GROUP, BOB, "all")

    assert isinstance(board, Leaderboard)
    assert [(r.rank, r.name, r.points, r.right, r.streak_days) for r in board.rows] == [
        (1, "Alice", 20, 2, 2),
        (1, "Bob", 20, 2, 2),
    ]


async def test_a_member_who_last_studied_elsewhere_keeps_their_name_in_the_chat(
    engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine)
    await links(engine, Chat(engine, "alice-laptop"), ALICE)
    await both_answer_right(groups, clock, ALICE, BOB)
    await Chat(engine, "alice-laptop").send("/quiz")  # the learner's row now answers to the terminal account

    board = await groups.leaderboard(GROUP, BOB, "")

    assert isinstance(board, Leaderboard)
    assert sorted((r.name, r.points) for r in board.rows) == [("Alice", 10), ("Bob", 10)]
