"""`studybot run`'s service loop and its logging."""

from __future__ import annotations

import asyncio
import logging

import pytest

from studybot.logs import REDACTED, RedactSecrets
from studybot.service import run_services


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
