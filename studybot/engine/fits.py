"""Fitting learners' parameters in the background while they study.

After each counted answer the engine tells the Fitter; it counts answers in memory and, when a learner
may have reached their next fit (64 counted reviews, then each doubling), reads their history in one short
transaction, fits in a worker process (fsrs-rs holds the GIL while it fits, so a thread would stall the
event loop), and stores the result in a second short transaction. An answer never waits for any of it;
a learner has at most one fit at a time, and at most `workers` fits run at once in the process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime

from studybot.engine.memory_model import apply_fit, fit_job
from studybot.srs.fitting import FitJob, FitOutcome, fit_and_replay
from studybot.srs.training import next_fit_at
from studybot.storage.db import Database

log = logging.getLogger(__name__)
RETRY_AFTER_ANSWERS = 50
Compute = Callable[[FitJob], FitOutcome]


class Fitter:
    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        *,
        workers: int = 1,
        executor: Executor | None = None,
        compute: Compute = fit_and_replay,
    ) -> None:
        self._db, self._clock = db, clock
        self._workers = workers
        self._executor = executor
        self._own_executor = executor is None
        self._compute = compute
        self._answers_left: dict[int, int] = {}  # counted answers until a learner's next check
        self._running: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None

    def saw_answer(self, user_id: int) -> None:
        """A learner's answer that counts was stored (call on the event loop; returns at once)."""
        left = self._answers_left.get(user_id, 0)
        if left > 1:
            self._answers_left[user_id] = left - 1
            return
        if user_id in self._running:
            return
        self._running.add(user_id)
        task = asyncio.get_running_loop().create_task(self._check(user_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait for every fit under way (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def close(self) -> None:
        await self.idle()
        if self._own_executor and self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    async def _check(self, user_id: int) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._workers)
        try:
            async with self._slots:
                await self._fit_if_due(user_id)
        except Exception:  # a failed fit leaves the learner on their parameters; tried again a while later
            log.exception("fitting FSRS parameters for learner %s failed", user_id)
            self._answers_left[user_id] = RETRY_AFTER_ANSWERS
        finally:
            self._running.discard(user_id)

    async def _fit_if_due(self, user_id: int) -> None:
        job = await self._db.run(lambda session: fit_job(session, user_id), read_only=True)
        if job is None:
            return
        if not job.due:
            # at least that many answers to go; or, every card met once so far, the next may be a second day's
            self._answers_left[user_id] = max(job.due_at - job.reviews, 1)
            return
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self._pool(), self._compute, job)
        now = self._clock()
        kept = await self._db.run(lambda session: apply_fit(session, job, outcome, now))
        reviews = outcome.result.reviews
        verdict = "kept" if kept else "not better" if kept is not None else "dropped: another fit came first"
        log.info("learner %s: fit on %d reviews %s", user_id, reviews, verdict)
        self._answers_left[user_id] = next_fit_at(reviews) - reviews

    def _pool(self) -> Executor:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
            self._executor = ProcessPoolExecutor(max_workers=self._workers, mp_context=context)
        return self._executor
