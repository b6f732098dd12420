"""Stopping (SIGTERM sets the service's stop event) finishes the answers in flight."""

from __future__ import annotations

import asyncio

from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import running
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_an_answer_in_flight_when_the_bot_stops_is_finished(engine: QuizEngine, fake: FakeTelegram) -> None:
    async with running(engine, fake) as room:
        alice = Person(room, 1001, "Alice")
        await alice.says("/subscribe physics")
        await alice.says("/quiz")
        question = alice.last_message()
        release = fake.hold("editMessageText")
        query = {"id": "q1", "from": alice.user, "chat_instance": "c", "message": question.raw,
                 "data": question.callback("300,000 km/s")}  # fmt: skip
        await fake.add_update(callback_query=query)
        await fake.held.wait()  # the answer is graded and its question being edited

        room.stop.set()
        await asyncio.sleep(0.2)  # give the stopping bot a chance to drop the answer, which it must not
        release.set()

    assert "q1" in fake.answered_queries
    assert "Your answer: 300,000 km/s" in question.text
    assert "Sound travels through a vacuum." in alice.last_message().text
