"""Two webhook instances of the bot behind a round-robin balancer, on one database (as two processes on one
PostgreSQL would be): every update handled once, and a learner's presses spread over both grade once."""

from __future__ import annotations

import asyncio
import itertools
from random import Random
from typing import Any

from studybot.engine.engine import QuizEngine
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import running
from tests.adapters.telegram.test_webhook import SECRET, free_port
from tests.conftest import FakeClock
from tests.fakes.telegram_api import JSON, FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person, post_update


def webhook(port: int) -> dict[str, Any]:
    return {
        "telegram_webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "telegram_webhook_secret": SECRET,
        "telegram_webhook_listen": "127.0.0.1",
        "telegram_webhook_port": port,
    }


class Balancer(Chatroom):
    """Posts each update to the next instance in turn, as a round-robin load balancer does."""

    def __init__(self, fake: FakeTelegram, instances: list[Chatroom], urls: list[str]) -> None:
        super().__init__(fake, instances[0].tracker)
        self._next = itertools.cycle(zip(instances, urls, strict=True))

    async def send(self, **content: Any) -> None:
        await self.post(self.fake.new_update(**content))

    async def post(self, update: JSON) -> None:
        instance, url = next(self._next)
        assert await post_update(url, update, SECRET) == 200
        await instance.tracker.handled(update["update_id"])


async def test_two_instances_answer_each_update_once_and_a_press_on_both_grades_once(
    engine: QuizEngine, fake: FakeTelegram, db_url: str, clock: FakeClock
) -> None:
    second_db = Database(db_url)
    second = QuizEngine(second_db, clock=clock, rng=Random(8))
    ports = [free_port(), free_port()]
    try:
        async with running(engine, fake, **webhook(ports[0])) as a, running(second, fake, **webhook(ports[1])) as b:
            balancer = Balancer(fake, [a, b], [f"http://127.0.0.1:{p}/telegram/hook" for p in ports])
            alice = Person(balancer, 1001, "Alice")
            await alice.says("/subscribe physics")
            await alice.says("/quiz")
            question = alice.last_message()
            data = question.callback("300,000 km/s")

            presses = [  # the same button pressed twice, one press reaching each instance at once
                fake.new_update(callback_query=_press(alice, question.raw, data, f"q{n}")) for n in (1, 2)
            ]
            await asyncio.gather(*(balancer.post(update) for update in presses))

            answers = [str(fake.answered_queries[f"q{n}"].get("text")) for n in (1, 2)]
            assert answers.count("✓ Correct") == 1
            assert [a for a in answers if a.startswith("That question is no longer open")]
            await alice.says("/stats")
            assert "Reviewed today: 1" in alice.bot_said()
            replies = [m for m in balancer.messages_in(alice.chat_id) if "Reviewed today" in m.text]
            assert len(replies) == 1  # one update, one answer
    finally:
        await second_db.close()


def _press(who: Person, message: JSON, data: str, query_id: str) -> JSON:
    return {"id": query_id, "from": who.user, "chat_instance": "ci", "data": data, "message": message}
