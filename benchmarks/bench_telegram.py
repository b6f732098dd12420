"""Answers per second through the whole Telegram stack, against python-telegram-bot's own ceiling.

Many learners press answer buttons at once. Each press goes through the fake Bot API server (getUpdates)
to studybot's Telegram service, which grades it in the engine (SQLite) and makes its Bot API calls:
answer the callback, edit the question, send the next one. The same run drives a bare
python-telegram-bot handler making the same three calls with no engine and no database. Both use the
same rate limiter with Telegram's flood limits off (the fake has none), 256 concurrent updates.
Then: the idle `studybot run telegram` process's memory with 100,000 learners in the database.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any

import yaml
from sqlalchemy import insert
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, CallbackQueryHandler, ContextTypes

from benchmarks.common import database, percentile
from studybot.adapters.telegram import TelegramService, build_application
from studybot.adapters.telegram.building import use_timedeltas
from studybot.config import Settings
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.engine.turn import EngineSettings
from studybot.storage.db import Database
from studybot.storage.models import User
from tests.fakes.telegram_api import JSON, FakeTelegram

LEARNERS, ANSWERS_EACH = 20, 30
ROUNDS = 3
IDLE_LEARNERS = 100_000
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


class Learners(FakeTelegram):
    """The fake server, with learners who press the first button of every question they are sent."""

    def __init__(self) -> None:
        super().__init__()
        self.asked_at: dict[int, float] = {}
        self.latencies: list[float] = []
        self.left: dict[int, int] = {}
        self.done = asyncio.Event()
        self._presses = 0

    async def _api_sendMessage(self, params: JSON) -> JSON:
        message = await super()._api_sendMessage(params)
        chat = int(message["chat"]["id"])
        if "reply_markup" in message and chat in self.left:
            if chat in self.asked_at:
                self.latencies.append(time.perf_counter() - self.asked_at.pop(chat))
            if self.left[chat] == 0:
                del self.left[chat]
                if not self.left:
                    self.done.set()
            else:
                self.left[chat] -= 1
                asyncio.get_running_loop().call_soon(lambda: asyncio.ensure_future(self._press(message)))
        return message

    async def _press(self, message: JSON) -> None:
        chat = int(message["chat"]["id"])
        user = {"id": chat, "is_bot": False, "first_name": f"L{chat}"}
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        self._presses += 1
        query = {"id": f"b{self._presses}", "from": user, "chat_instance": "c", "data": data, "message": message}
        self.asked_at[chat] = time.perf_counter()
        await self.add_update(callback_query=query)


def limiter() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


def mcq_deck(path: Path, cards: int) -> Path:
    items = [
        {"id": f"c{i}", "type": "mcq", "question": f"Question {i}?", "choices": ["A", "B", "C", "D"], "answer": "A",
         "explanation": f"Because {i}.", "source": "gen"}
        for i in range(cards)
    ]  # fmt: skip
    deck = {
        "deck": "bench",
        "title": "Bench",
        "sources": [{"id": "gen", "title": "Gen", "url": "https://example.org/gen"}],
        "cards": items,
    }
    path.write_text(yaml.safe_dump(deck, sort_keys=False))
    return path


@dataclass(frozen=True)
class Run:
    rate: float  # answers per wall-clock second
    cpu_rate: float  # answers per CPU second of this process (bot, fake server and all): load elsewhere on
    # the machine slows the wall clock but not this
    latencies: list[float]


async def drive(fake: Learners, first_question: Any) -> Run:
    """Every learner is sent a first question; they answer until each has answered ANSWERS_EACH."""
    fake.left = {1000 + i: ANSWERS_EACH for i in range(LEARNERS)}
    started, cpu_started = time.perf_counter(), time.process_time()
    await asyncio.gather(*(first_question(chat) for chat in list(fake.left)))
    await asyncio.wait_for(fake.done.wait(), 600)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    answers = LEARNERS * ANSWERS_EACH
    return Run(answers / elapsed, answers / cpu, fake.latencies)


async def studybot_rate(url: str, deck: Path) -> Run:
    fake = Learners()
    await fake.start()
    async with database(url) as db:
        loaded = load_decks([deck])
        if loaded.errors:  # fail loudly: a deck that does not load would leave the learners waiting forever
            raise SystemExit("\n".join(map(str, loaded.errors)))
        decks = loaded.decks
        await db.run(lambda session: import_decks(session, decks, now=NOW))
        engine = QuizEngine(db, clock=lambda: NOW, rng=Random(5), settings=EngineSettings(new_per_day=500))
        settings = Settings(_env_file=None, telegram_bot_token=fake.token, telegram_base_url=fake.base_url)  # type: ignore[call-arg]
        service = TelegramService(engine, settings, build_application(engine, settings, limiter=limiter()))
        stop = asyncio.Event()
        serving = asyncio.create_task(service.serve(stop))
        await service.ready.wait()

        async def first_question(chat: int) -> None:
            learner = Learner("telegram", str(chat))
            await engine.subscribe(learner, "bench")
            prompt = await engine.next(learner)
            await service.delivery.deliver(str(chat), prompt)

        result = await drive(fake, first_question)
        stop.set()
        await serving
    await fake.close()
    return result


async def bare_rate() -> Run:
    """python-telegram-bot alone: the same three Bot API calls per answer, nothing else."""
    fake = Learners()
    await fake.start()
    use_timedeltas()
    app = (
        ApplicationBuilder().token(fake.token).base_url(fake.base_url).rate_limiter(limiter())
        .concurrent_updates(256).job_queue(None).build()
    )  # fmt: skip
    counter = iter(range(10**9))

    def keyboard() -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton(k, callback_data=f"c:x:{k}")] for k in "ABCD"])

    async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        assert query.message is not None
        await query.answer("✓ Correct")
        await query.edit_message_text(
            f"{query.message.text_html}\n\nYour answer: <b>A</b>\n✓ Correct.", parse_mode="HTML"
        )
        await context.bot.send_message(query.message.chat.id, f"Question {next(counter)}?", reply_markup=keyboard())

    app.add_handler(CallbackQueryHandler(press))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        result = await drive(fake, lambda chat: app.bot.send_message(chat, "Question?", reply_markup=keyboard()))
        await app.updater.stop()
        await app.stop()
    await fake.close()
    return result


def idle_rss_mb(tmp: Path) -> float:
    """RSS of `studybot run telegram`, started and idle, with IDLE_LEARNERS learners in its database."""
    url = f"sqlite+aiosqlite:///{tmp / 'idle.db'}"
    db = Database(url)
    db.upgrade_blocking()
    rows = [{"platform": "telegram", "external_id": str(i), "created_at": NOW} for i in range(IDLE_LEARNERS)]
    with db.transaction() as session:
        session.execute(insert(User), rows)
    db.close_blocking()
    return asyncio.run(_measure_rss(url))


async def _measure_rss(url: str) -> float:
    fake = FakeTelegram()
    await fake.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    decks = str(Path(__file__).parent.parent / "decks")
    env |= {"TELEGRAM_BOT_TOKEN": fake.token, "STUDYBOT_TELEGRAM_BASE_URL": fake.base_url,
            "STUDYBOT_DATABASE_URL": url, "STUDYBOT_DECKS_DIR": decks}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "run", "telegram", env=env, stderr=subprocess.DEVNULL
    )
    await asyncio.wait_for(fake.polling.wait(), 120)
    await asyncio.sleep(2)  # idle
    status = await asyncio.to_thread(Path(f"/proc/{process.pid}/status").read_text)
    rss_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    process.terminate()
    await process.wait()
    await fake.close()
    return rss_kb / 1024


def _report(name: str, run: Run) -> None:
    p50, p99 = percentile(run.latencies, 0.5) * 1000, percentile(run.latencies, 0.99) * 1000
    print(
        f"  {name}: {run.rate:.0f} answers/s ({run.cpu_rate:.0f} per CPU second), "
        f"reply latency p50 {p50:.0f} ms / p99 {p99:.0f} ms"
    )


def main() -> None:
    print(f"telegram, {LEARNERS} learners pressing answer buttons at once, {ANSWERS_EACH} answers each (sqlite):")
    ratios, cpu_ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        deck = mcq_deck(Path(tmp) / "bench.yaml", ANSWERS_EACH + 5)
        asyncio.run(bare_rate())  # warm-up: imports, statement caches, the card catalog
        asyncio.run(studybot_rate(f"sqlite+aiosqlite:///{tmp}/warmup.db", deck))
        for run in range(ROUNDS):  # alternated, so load from elsewhere on the machine hits both alike
            bare = asyncio.run(bare_rate())
            ours = asyncio.run(studybot_rate(f"sqlite+aiosqlite:///{tmp}/bench{run}.db", deck))
            _report("bare python-telegram-bot handler", bare)
            _report("studybot (engine + SQLite)      ", ours)
            ratios.append(ours.rate / bare.rate)
            cpu_ratios.append(ours.cpu_rate / bare.cpu_rate)
        each = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"  studybot / bare, answers/s: {each} (median {statistics.median(ratios):.2f}; target ≥ 0.7)")
        each = ", ".join(f"{r:.2f}" for r in cpu_ratios)
        print(f"  studybot / bare, answers per CPU second: {each} (median {statistics.median(cpu_ratios):.2f})")
        print(f"idle `studybot run telegram` with {IDLE_LEARNERS:,} learners: RSS {idle_rss_mb(Path(tmp)):.0f} MB")


if __name__ == "__main__":
    main()
