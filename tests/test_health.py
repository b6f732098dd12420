"""A platform that keeps failing is reported down once, within 30 s, and once when it is back."""

from __future__ import annotations

import logging
from random import Random

import pytest

from studybot.health import Health
from studybot.retry import POLLING, QUICK


class Seconds:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_one_line_down_and_one_line_back(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="studybot.health")
    clock, rng = Seconds(), Random(1)
    health = Health("telegram", clock=clock)
    failures = 0
    while clock.now < 60:  # a minute of 502s, retried with the production backoff
        failures += 1
        health.failed("HTTP 502")
        clock.now += POLLING.delay(failures, rng)
    health.ok()
    health.ok()

    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert len(lines) == 2
    assert lines[0][1].startswith("telegram is down")
    assert lines[1][1].startswith("telegram is back")
    assert failures > 2


def test_down_is_reported_within_30_seconds() -> None:
    clock, rng = Seconds(), Random(2)
    health = Health("discord", clock=clock)
    failures = 0
    while not health.down:
        failures += 1
        health.failed("timed out")
        if not health.down:
            clock.now += POLLING.delay(failures, rng)
    assert clock.now <= 30


def test_waits_grow_to_a_cap_and_a_send_gives_up_soon() -> None:
    rng = Random(3)
    waits = [POLLING.delay(n, rng) for n in range(1, 12)]
    assert waits == sorted(waits[:5]) + waits[5:]
    assert max(waits) <= POLLING.cap * (1 + POLLING.jitter)
    assert sum(QUICK.delay(n, rng) for n in range(1, QUICK.tries)) < 10
