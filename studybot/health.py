"""Whether a platform answers, told in the log once when it goes down and once when it is back.

Failures are counted, not logged one by one: a platform that keeps failing writes one line when it has
failed for `down_after` seconds in a row (the retries go on with backoff meanwhile), and one line when a
request succeeds again."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
DOWN_AFTER_S = 10.0


class Health:
    def __init__(self, name: str, *, down_after: float = DOWN_AFTER_S, clock: Callable[[], float] = time.monotonic):
        self.name = name
        self.down_after = down_after
        self._clock = clock
        self._failing_since: float | None = None
        self._failures = 0
        self.down = False  # reported down, and not back yet

    def failed(self, reason: str) -> None:
        now = self._clock()
        if self._failing_since is None:
            self._failing_since = now
        self._failures += 1
        log.debug("%s: request failed (%s); retrying with backoff", self.name, reason)
        if not self.down and now - self._failing_since >= self.down_after:
            self.down = True
            log.warning(
                "%s is down: %d failed requests in %.0f s (last: %s); retrying with backoff",
                self.name,
                self._failures,
                now - self._failing_since,
                reason,
            )

    def ok(self) -> None:
        if self.down and self._failing_since is not None:
            log.warning("%s is back after %.0f s", self.name, self._clock() - self._failing_since)
        self._failing_since, self._failures, self.down = None, 0, False
