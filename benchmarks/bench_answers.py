"""Answers per second through the engine: many learners answering at once, each answer one transaction
that grades, logs, reschedules and picks the next question."""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from benchmarks.common import database, generated_deck, postgres, sqlite
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Feedback, Learner, Notice, Prompt
from studybot.engine.turn import EngineSettings

LEARNERS, ANSWERS_EACH = 20, 60
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Throughput:
    rate: float  # answers per wall-clock second
    cpu_ms: float  # this process's CPU per answer (a PostgreSQL server's own CPU is not in it)


def reply_to(prompt: Prompt) -> str:
    return {"mcq": "1", "truefalse": "true", "flashcard": "3"}.get(prompt.kind, "word")


async def learner_session(engine: QuizEngine, learner: Learner) -> int:
    answered = 0
    reply: object = await engine.next(learner)
    while answered < ANSWERS_EACH:
        assert isinstance(reply, Prompt), reply
        if reply.kind == "flashcard":
            await engine.reveal(learner, reply.nonce)
        result = await engine.answer(learner, reply_to(reply), nonce=reply.nonce)
        assert isinstance(result, Feedback), result
        answered += 1
        reply = result.next if not isinstance(result.next, Notice) else await engine.next(learner)
    return answered


async def measure(url: str, deck_file: Path) -> Throughput:
    async with database(url) as db:
        decks = load_decks([deck_file]).decks
        await db.run(lambda session: import_decks(session, decks, now=NOW))
        engine = QuizEngine(db, clock=lambda: NOW, rng=Random(5), settings=EngineSettings(new_per_day=500))
        learners = [Learner("console", f"l{i}") for i in range(LEARNERS)]
        for learner in learners:
            await engine.subscribe(learner, "bench")
        started, cpu = time.perf_counter(), time.process_time()
        answered = sum(await asyncio.gather(*(learner_session(engine, learner) for learner in learners)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Throughput(answered / elapsed, cpu * 1000 / answered)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = generated_deck(Path(tmp) / "bench.yaml", 1000)
        for name, backend in (("sqlite", sqlite), ("postgresql", postgres)):
            with backend() as url:
                figures = asyncio.run(measure(url, deck))
            print(
                f"answers through the engine [{name}], {LEARNERS} learners at once: {figures.rate:.0f} answers/s,"
                f" {figures.cpu_ms:.2f} ms CPU each"
            )


if __name__ == "__main__":
    main()
