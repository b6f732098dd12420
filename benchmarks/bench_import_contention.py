"""How long a learner's answer waits while another process imports 100,000 cards (10 files of 10,000).

Learners answer in a loop (next card, then answer, each call timed) for as long as the import runs.
On SQLite, compared with the same import in one transaction, which holds the write lock throughout.
Prints the longest wait, the 99th percentile, the answers made and how many got "busy".
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

from benchmarks.common import database, generated_deck, percentile, postgres, sqlite
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import BUSY, QuizEngine
from studybot.engine.replies import Learner, Prompt

FILES, CARDS_PER_FILE, LEARNERS = 10, 10_000, 4
ONE_TRANSACTION = """
import sys
from datetime import UTC, datetime
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.storage.db import Database
result = load_decks([sys.argv[1]])
db = Database(sys.argv[2])
with db.transaction() as session:
    import_decks(session, result.decks, now=datetime.now(UTC))
db.close_blocking()
"""


class SteppingClock:
    """A day passes every round, so learners always have cards to answer."""

    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def big_decks(folder: Path) -> Path:
    folder.mkdir()
    for f in range(FILES):
        lines = [f"deck: big{f}", f"title: Big {f}", "sources:", "  - {id: s, title: S, ref: Generated.}", "cards:"]
        lines += [
            f"  - {{id: c{i}, type: flashcard, front: F{i}, back: B{i}, source: s}}" for i in range(CARDS_PER_FILE)
        ]
        (folder / f"big{f}.yaml").write_text("\n".join(lines) + "\n")
    return folder


def start_import(folder: Path, url: str, *, one_transaction: bool) -> subprocess.Popen[bytes]:
    if one_transaction:
        argv = [sys.executable, "-c", ONE_TRANSACTION, str(folder), url]
    else:
        argv = [sys.executable, "-m", "studybot", "import-deck", str(folder), "--db", url]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def timed(waits: list[float], call: object) -> object:
    started = time.perf_counter()
    reply = await call  # type: ignore[misc]
    waits.append(time.perf_counter() - started)
    return reply


async def measure(url: str, folder: Path, learn_deck: Path, *, one_transaction: bool) -> dict[str, float]:
    async with database(url) as db:
        result = load_decks([learn_deck])
        await db.run(lambda session: import_decks(session, result.decks, now=datetime.now(UTC)))
        clock = SteppingClock()
        engine = QuizEngine(db, clock=clock, rng=Random(1))
        learners = [Learner("console", f"l{i}") for i in range(LEARNERS)]
        for learner in learners:
            await engine.start(learner, subscribe_all=True)
        waits: list[float] = []
        busy = answers = 0
        started = time.perf_counter()
        importer = start_import(folder, url, one_transaction=one_transaction)
        while importer.poll() is None:
            for learner in learners:
                prompt = await timed(waits, engine.next(learner))
                if isinstance(prompt, Prompt):
                    reply = await timed(waits, engine.answer(learner, "1", prompt.nonce))
                    busy += reply == BUSY
                    answers += reply != BUSY
            clock.now += timedelta(days=1)
        elapsed = time.perf_counter() - started
        _, err = importer.communicate()
        assert importer.returncode == 0, err.decode()
    return {
        "import s": elapsed,
        "answers": answers,
        "busy replies": busy,
        "longest wait s": max(waits),
        "p99 wait s": percentile(waits, 0.99),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = big_decks(Path(tmp) / "big")
        learn_deck = generated_deck(Path(tmp) / "learn.yaml", 500, deck_id="learn")
        runs = [
            ("sqlite, import in steps", sqlite, False),
            ("sqlite, import in one transaction", sqlite, True),
            ("postgresql, import in steps", postgres, False),
        ]
        if len(sys.argv) > 1:  # e.g. `sqlite` runs only the SQLite figures
            runs = [run for run in runs if run[0].startswith(sys.argv[1])]
        for name, backend, one_transaction in runs:
            with backend() as url:
                figures = asyncio.run(measure(url, folder, learn_deck, one_transaction=one_transaction))
            print(
                f"answers during a {FILES * CARDS_PER_FILE:,}-card import [{name}]: "
                + ", ".join(f"{k} = {v:.3f}" if isinstance(v, float) else f"{k} = {v}" for k, v in figures.items())
            )


if __name__ == "__main__":
    main()
