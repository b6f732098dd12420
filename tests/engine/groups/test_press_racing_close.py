"""A press and the close of its question at the same moment, in two processes on PostgreSQL: either the press
counts and the closed question shows it, or the press is told the question closed; never a press that scores
points the closed question does not show."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from studybot.engine.engine import QuizEngine
from studybot.engine.groups import store
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.challenges import CLOSED
from studybot.engine.groups.replies import Place
from studybot.engine.replies import Learner
from studybot.storage.db import Database

GROUP = Place("telegram", "-100")
ALICE, BOB = Learner("telegram", "1", "Alice"), Learner("telegram", "2", "Bob")
WAITING = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite writes one at a time: no such moment
async def test_a_press_while_another_process_closes_the_question_is_told_it_closed(
    db_url: str, engine: QuizEngine
) -> None:
    groups = GroupEngine(engine)
    started = await groups.challenge(GROUP, ALICE, "physics 1")
    assert started.ask is not None
    nonce = started.ask.nonce
    other = Database(db_url)  # the other process's timer
    try:
        with other.transaction() as closing:
            question = store.question_by_nonce(closing, nonce)
            assert question is not None
            assert store.claim_close(closing, question.id, question.opened_at)
            assert store.answers_to(closing, question.id) == []  # what its closed message will show
            pressing = asyncio.create_task(groups.answer(GROUP, BOB, nonce, "1"))
            while not pressing.done():  # until the press waits for the close to commit, or is through
                with other.transaction(read_only=True) as watching:
                    if watching.scalar(text(WAITING)):
                        break
                await asyncio.sleep(0.01)
        pressed = await pressing
    finally:
        await other.close()
    assert pressed.say is not None
    assert pressed.say.text == CLOSED
