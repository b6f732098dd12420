"""Pushes through Telegram: sent, blocked, retry later (not sent at all), or failed; never an exception."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from telegram import Bot

from studybot.adapters.telegram import open_delivery
from studybot.adapters.telegram.delivery import TelegramDelivery
from studybot.adapters.telegram.requests import SendRequest
from studybot.adapters.telegram.sending import Sender
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice, Prompt
from studybot.push.delivery import DeliveryResult
from tests.adapters.telegram.conftest import SHORT, learner, telegram_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def _daily_quiz(engine: QuizEngine, who: Learner, deck: str = "chemistry") -> Notice:
    await engine.subscribe(who, deck)
    prompt = await engine.next(who)
    assert isinstance(prompt, Prompt)
    return Notice("Time for your daily quiz: 3 cards are due.", next=prompt)


async def test_a_push_from_the_running_bot_can_be_answered_by_replying_to_it(alice: Person, engine: QuizEngine) -> None:
    push = await _daily_quiz(engine, learner(alice))

    assert await alice.room.service.delivery.deliver(str(alice.id), push) == DeliveryResult.SENT  # type: ignore[attr-defined]

    notice, question = alice.room.messages_in(alice.chat_id)
    assert notice.text == "Time for your daily quiz: 3 cards are due."
    assert "What is the chemical formula of water?" in question.text
    await alice.replies_to(question, "H2O")
    assert alice.new_messages()[0].text.startswith("✓ Correct.")


async def test_open_delivery_sends_from_another_process_without_polling(fake: FakeTelegram, engine: QuizEngine) -> None:
    push = await _daily_quiz(engine, Learner("telegram", "2002"), "physics")

    async with open_delivery(telegram_settings(fake)) as delivery:
        assert delivery.platform == "telegram"
        assert await delivery.deliver("2002", push) == DeliveryResult.SENT

    notice, question = [m for (chat, _), m in sorted(fake.messages.items()) if chat == 2002]
    assert notice["text"] == "Time for your daily quiz: 3 cards are due."
    assert question["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("c:")
    assert fake.calls_to("getUpdates") == []


async def test_delivery_reports_blocked_retry_and_failed(fake: FakeTelegram) -> None:
    notice = Notice("Time for your daily quiz.")
    async with open_delivery(telegram_settings(fake), send_backoff=SHORT) as delivery:
        fake.blocked.add(3003)
        assert await delivery.deliver("3003", notice) == DeliveryResult.BLOCKED
        fake.fail_next("sendMessage", 503)  # Telegram's front could not take it: sent again at once, delivered
        assert await delivery.deliver("3005", notice) == DeliveryResult.SENT
        for _ in range(SHORT.tries):  # a front that stays unavailable: the push is tried again later, and
            fake.fail_next("sendMessage", 503)  # since Telegram has none of it, even by another process
        assert await delivery.deliver("3004", notice) == DeliveryResult.NOT_SENT
        fake.fail_next("sendMessage", 400)
        assert await delivery.deliver("3004", notice) == DeliveryResult.FAILED
        assert await delivery.deliver("not-a-chat", notice) == DeliveryResult.FAILED
        assert await delivery.deliver("3004", notice) == DeliveryResult.SENT


async def test_a_push_whose_notice_went_out_is_not_reported_as_unsent(fake: FakeTelegram, engine: QuizEngine) -> None:
    push = await _daily_quiz(engine, Learner("telegram", "3007"))
    async with open_delivery(telegram_settings(fake), send_backoff=SHORT) as delivery:
        for n in range(SHORT.tries):  # the notice goes out; Telegram's front refuses its question every time
            fake.fail_next("sendMessage", 503, after=1 if n == 0 else 0)
        assert await delivery.deliver("3007", push) == DeliveryResult.RETRY  # only this delivery may resume it
        assert await delivery.deliver("3007", push) == DeliveryResult.SENT

    texts = [m["text"] for (chat, _), m in sorted(fake.messages.items()) if chat == 3007]
    assert texts[0] == "Time for your daily quiz: 3 cards are due."
    assert len(texts) == 2  # the notice once, then the question


@contextmanager
def _unanswering_server() -> Iterator[str]:
    """A Bot API address whose connections are never opened (its accept queue is full, so the machine drops
    new ones, as a firewall or a lost route would): every request times out before it leaves."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        queued = [socket.socket() for _ in range(3)]
        for waiting in queued:
            waiting.setblocking(False)
            waiting.connect_ex(("127.0.0.1", port))
        try:
            yield f"http://127.0.0.1:{port}/bot"
        finally:
            for waiting in queued:
                waiting.close()


async def test_a_push_whose_connection_never_opened_in_time_is_tried_again_later_not_counted_as_sent() -> None:
    with _unanswering_server() as base_url:
        bot = Bot("123:ABC", base_url=base_url, request=SendRequest(SHORT, connect_timeout=0.05))
        delivery = TelegramDelivery(Sender(bot, None))

        result = await delivery.deliver("3006", Notice("Time for your daily quiz."))

    assert result == DeliveryResult.NOT_SENT  # nothing reached Telegram: the planner sends it again later
