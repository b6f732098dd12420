"""`studybot run` at boot: waiting a while for a database server that does not accept connections yet.

Exit status 2 means bad configuration, and the systemd unit does not restart after it; a PostgreSQL server
that is still starting (or a network not up yet) is not that. So `run` tries again, with backoff, for
`PATIENCE_S` before it gives up with the usual one line and exit 2. Other commands do not wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from random import Random

from studybot.retry import POLLING, Backoff
from studybot.storage.db import Database
from studybot.storage.dberrors import DatabaseUnreachable

log = logging.getLogger(__name__)
PATIENCE_S = 120.0


async def wait_for_database(
    db: Database, stop: asyncio.Event, *, patience: float = PATIENCE_S, backoff: Backoff = POLLING
) -> bool:
    """Migrate `db` once its server answers. False when `stop` was set meanwhile; the last
    DatabaseUnreachable (a ConfigError) when it did not answer within `patience` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    rng = Random()  # noqa: S311 - jitter, not crypto
    for failures in itertools.count(1):
        try:
            await db.upgrade()
            return True
        except DatabaseUnreachable as exc:
            if loop.time() >= deadline:
                raise
            if failures == 1:
                log.warning("%s; trying again for %.0f s", exc, patience)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), backoff.delay(failures, rng))
        if stop.is_set():
            return False
    raise AssertionError("unreachable")
