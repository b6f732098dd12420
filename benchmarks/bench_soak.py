"""Memory of a long-running bot: RSS of one process before and after serving 20,000 answers from 2,000
learners and a push tick over 100,000 learners, then the same load twice again (it must not grow by more
than 5 %). The baseline in the same run: the same process holding pyspellchecker's whole word list, as the
engine did before it kept the common words alone.

    python -m benchmarks.bench_soak [--learners N --rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from benchmarks.bench_push import NOW, PacedPlatform, seed
from benchmarks.common import sqlite
from studybot.adapters import chart
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Prompt, Stats
from studybot.engine.vocabulary import is_common_word
from studybot.push.planner import Planner
from studybot.storage.db import Database
from tests.conftest import load_test_decks

REPO = Path(__file__).parent.parent
PUSHED_LEARNERS = 100_000
STATS_PICTURES = 100  # learners asking for /stats with its picture, per run
_DUE_AGAIN = "UPDATE push_schedule SET next_push_at = :now WHERE next_push_at < :soon"
_LATER = "UPDATE push_schedule SET next_push_at = :later WHERE next_push_at > CURRENT_TIMESTAMP"
TYPED = {"short", "cloze"}


def rss_mb() -> float:
    """Resident memory now (not the peak): what the process holds after each run."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        return self.now


async def answer_rounds(engine: QuizEngine, learners: list[Learner], rounds: int, clock: Clock) -> int:
    """Each learner asks for a card and answers it, `rounds` times (typed answers half wrong: typo checks)."""
    answered = 0
    for round_ in range(rounds):
        for learner in learners:
            prompt = await engine.next(learner)
            if not isinstance(prompt, Prompt):
                continue
            said = ("helium", "watr", "H2O")[round_ % 3] if prompt.kind in TYPED else str(1 + round_ % 4)
            await engine.answer(learner, said, prompt.nonce)
            answered += 1
        clock.now += timedelta(minutes=11)  # past the learning steps: again-cards come back
    return answered


async def one_run(engine: QuizEngine, planner: Planner, learners: list[Learner], rounds: int, clock: Clock) -> int:
    answered = await answer_rounds(engine, learners, rounds, clock)
    for learner in learners[:STATS_PICTURES]:  # stats pictures: drawn and let go
        stats = await engine.stats(learner)
        if isinstance(stats, Stats) and stats.chart is not None:
            await chart.draw(stats.chart)
    await engine.db.run(lambda session: _due_again(session, clock.now))
    await planner.tick()
    return answered


def _due_again(session: Session, now: Any) -> None:
    """The same push load each run: the learners pushed last time (and only they) are due again now."""
    session.execute(text("DELETE FROM push_log"))
    soon = (now + timedelta(days=2)).replace(tzinfo=None)
    session.execute(text(_DUE_AGAIN), {"now": now.replace(tzinfo=None), "soon": soon})


async def child(url: str, learner_count: int, rounds: int, full_word_list: bool) -> dict[str, float]:
    import discord  # a running bot has both platforms' libraries loaded
    import telegram.ext

    del discord, telegram
    kept = _load_full_word_list() if full_word_list else None
    clock = Clock()
    db = Database(url)
    engine = QuizEngine(db, clock=clock, rng=Random(3))
    platform = PacedPlatform(1_000_000, latency=0.0)
    planner = Planner(engine, {"telegram": platform}, clock=clock, grace=timedelta(days=2))
    learners = [Learner("telegram", f"soak{i}", f"soak{i}") for i in range(learner_count)]
    for learner in learners:
        await engine.subscribe(learner, "physics")
        await engine.subscribe(learner, "chemistry")
    await answer_rounds(engine, learners[:1], 1, clock)
    is_common_word("warm")  # the common words, as a bot's first typo loads them
    gc.collect()
    figures = {"before": rss_mb()}
    started = time.monotonic()
    for run in (1, 2, 3):
        figures[f"answers{run}"] = await one_run(engine, planner, learners, rounds, clock)
        figures[f"pushed{run}"] = len(platform.sent)
        clock.now += timedelta(days=1)
        gc.collect()
        figures[f"after{run}"] = rss_mb()
        print(f"run {run} done at {time.monotonic() - started:.0f} s", file=sys.stderr)
    await db.close()
    del kept
    return figures


def _load_full_word_list() -> object:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def measure(url: str, learners: int, rounds: int, *, full_word_list: bool) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.bench_soak", "--child", url, str(learners), str(rounds)]
    done = subprocess.run(
        [*command, "--full-word-list"] if full_word_list else command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with sqlite() as url:
        db = Database(url)
        db.upgrade_blocking()
        seed(db, PUSHED_LEARNERS, 100, subscribe=True)  # physics; 1,000 due now, the rest tomorrow
        load_test_decks(db, NOW, "chemistry")
        with db.transaction() as session:  # only the 1,000 come back due each day
            session.execute(text(_LATER), {"later": (NOW + timedelta(days=60)).replace(tzinfo=None)})
        db.close_blocking()
        template = Path(url.split(":///", 1)[1])
        copy = template.with_name("baseline.db")
        shutil.copy(template, copy)  # each process starts from the same database
        base = measure(f"sqlite:///{copy}", args.learners, 1, full_word_list=True)
        new = measure(url, args.learners, args.rounds, full_word_list=False)
    print(
        f"soak: {new['answers1']:.0f} + {new['answers2']:.0f} answers from {args.learners} learners, "
        f"push ticks over {PUSHED_LEARNERS:,} learners ({new['pushed2']:.0f} pushed)"
    )
    print(
        f"soak RSS: before {new['before']:.0f} MB, after run 1 {new['after1']:.0f} MB, after run 2 "
        f"{new['after2']:.0f} MB, after run 3 {new['after3']:.0f} MB; run 2 / run 1 = "
        f"{new['after2'] / new['after1']:.3f}, run 3 / run 2 = {new['after3'] / new['after2']:.3f} "
        "(limit 1.05, and 150 MB)"
    )
    print(
        f"soak RSS, baseline (the whole word list held, as before): before {base['before']:.0f} MB; "
        f"now / baseline = {new['before'] / base['before']:.2f}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        url, learners, rounds = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(asyncio.run(child(url, learners, rounds, "--full-word-list" in sys.argv))))
    else:
        main()
