"""How long to wait before trying a platform or a database again: exponential backoff with a cap and jitter.

Every loop that retries something outside the process takes its waits from a `Backoff`, so none retries
without a pause and a ceiling. Tests pass a shortened one; the defaults are for production."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0  # seconds before the second attempt
    factor: float = 2.0
    cap: float = 30.0  # no wait is longer (before jitter)
    tries: int = 4  # attempts a single call gets where retrying is bounded (a send); polling goes on
    jitter: float = 0.25  # up to this fraction added at random, so processes do not retry in step

    def delay(self, failures: int, rng: Random) -> float:
        """The wait after the `failures`-th failure in a row (1, 2, …)."""
        base = min(self.cap, self.first * self.factor ** max(0, failures - 1))
        return base * (1 + self.jitter * rng.random())


POLLING = Backoff()  # waiting for updates: 1, 2, 4 … 30 s between tries, for as long as it takes
QUICK = Backoff(first=0.5, factor=2.0, cap=4.0, tries=4)  # a send a learner is waiting for: ≈ 3.5 s at most
