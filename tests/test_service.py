"""`studybot run`'s service loop and its logging."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest

from studybot.errors import ConfigError
from studybot.logs import REDACTED, RedactSecrets
from studybot.retry import Backoff
from studybot.service import run_services
from studybot.storage.db import Database
from studybot.waiting import wait_for_database


class Platform:
    def __init__(self, name: str, fail: bool = False) -> None:
        self.name = name
        self.fail = fail
        self.stopped_cleanly = False

    async def serve(self, stop: asyncio.Event) -> None:
        await asyncio.sleep(0)
        if self.fail:
            raise ConnectionError(f"{self.name} unreachable")
        await stop.wait()
        self.stopped_cleanly = True


async def test_one_platform_failing_does_not_stop_the_other(caplog: pytest.LogCaptureFixture) -> None:
    good, bad, ticker = Platform("discord"), Platform("telegram", fail=True), Platform("push")
    stop = asyncio.Event()
    running = asyncio.create_task(run_services([good, bad], [ticker], stop))
    await asyncio.sleep(0.05)
    assert not running.done()
    assert "ConnectionError: telegram unreachable" in caplog.text

    stop.set()

    assert await running == 0
    assert good.stopped_cleanly
    assert ticker.stopped_cleanly


async def test_when_every_platform_fails_the_helpers_stop_and_run_fails() -> None:
    ticker = Platform("push")
    status = await asyncio.wait_for(run_services([Platform("telegram", fail=True)], [ticker], asyncio.Event()), 5)
    assert status == 1
    assert ticker.stopped_cleanly


def test_secrets_are_scrubbed_from_messages_and_tracebacks() -> None:
    token = "123456:ABC-secret-token"
    scrub = RedactSecrets([token])
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST https://x/bot%s/getMe", (token,), None)
    scrub.filter(record)
    assert record.getMessage() == f"POST https://x/bot{REDACTED}/getMe"
    try:
        raise RuntimeError(f"failed at /bot{token}/sendMessage")
    except RuntimeError as exc:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, (type(exc), exc, exc.__traceback__))
    scrub.filter(record)
    formatted = logging.Formatter().format(record)
    assert token not in formatted
    assert REDACTED in formatted


async def test_a_database_that_never_answers_ends_run_with_the_usual_error_and_sigterm_ends_the_wait() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    db = Database(f"postgresql+psycopg://ana:s3cret@127.0.0.1:{port}/studybot")
    quick = Backoff(first=0.01, cap=0.01)
    try:
        with pytest.raises(ConfigError, match=r"^cannot use the database postgresql\+psycopg://ana:\*\*\*@"):
            await wait_for_database(db, asyncio.Event(), patience=0.05, backoff=quick)
        stopped = asyncio.Event()
        stopped.set()
        assert await wait_for_database(db, stopped, backoff=quick) is False
    finally:
        await db.close()


async def test_a_sqlite_file_that_cannot_be_opened_is_not_waited_for(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}")  # a directory
    try:
        with pytest.raises(ConfigError, match="is the path a directory"):
            await wait_for_database(db, asyncio.Event(), backoff=Backoff(first=60))
    finally:
        await db.close()
