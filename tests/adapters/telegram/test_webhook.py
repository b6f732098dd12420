"""Webhook mode: how several instances share one token behind a load balancer."""

from __future__ import annotations

import logging
import socket

import pytest

from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import running
from tests.adapters.telegram.test_faults import SECRET_NAME, old_server_poll_answer
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person, post_update

SECRET = "correct-horse_battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_settings() -> tuple[str, dict[str, object]]:
    """A webhook on a free loopback port: its URL, and the settings that make studybot listen there."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings: dict[str, object] = {
        "telegram_webhook_url": url,
        "telegram_webhook_secret": SECRET,
        "telegram_webhook_listen": "127.0.0.1",
        "telegram_webhook_port": port,
    }
    return url, settings


async def test_updates_arrive_by_webhook_and_a_wrong_secret_is_refused(engine: QuizEngine, fake: FakeTelegram) -> None:
    url, settings = webhook_settings()
    async with running(engine, fake, **settings) as room:
        assert fake.webhook == {"url": url, "secret_token": SECRET}
        alice = Person(room, 1001, "Alice")
        forged = fake.new_update(
            message={
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1001, "type": "private"},
                "from": alice.user,
                "text": "/subscribe physics",
            }
        )

        assert await post_update(url, forged, "wrong-secret") == 403
        assert await post_update(url, forged, None) == 403

        await alice.says("/start")
        assert alice.last_message().text.startswith("Hello, Alice!")
        await alice.says("/subscribe physics")
        await alice.says("/quiz")
        assert await alice.presses("300,000 km/s") == "✓ Correct"
        assert fake.calls_to("getUpdates") == []


async def test_an_unreadable_update_by_webhook_is_logged_once_taken_and_the_next_answered(
    engine: QuizEngine, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    url, settings = webhook_settings()
    async with running(engine, fake, **settings) as room:
        alice = Person(room, 1001, "Alice")
        poison = fake.new_update(poll_answer=old_server_poll_answer(alice.id))

        assert await post_update(url, poison, SECRET) == 200  # taken: Telegram does not send it again
        assert await post_update(url, [poison], SECRET) == 400  # not an update at all
        await alice.says("/start")

        assert alice.last_message().text.startswith("Hello, Alice!")
    skipped = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(skipped) == 1, skipped
    assert f"skipped update {poison['update_id']} (poll_answer)" in skipped[0].getMessage()
    assert SECRET_NAME not in caplog.text  # its content is not logged
