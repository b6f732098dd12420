"""Five learners quizzing themselves in one Telegram group, against a fake that enforces Telegram's 20
messages a minute per group (429 with retry_after past it).

Each learner presses an answer button every INTERVAL seconds for DURATION seconds (staggered, so the
presses spread over the interval). Measured: press → the learner's own next question on screen (the
question message edited in place, or a new message), as p50/p95/p99, and how many requests Telegram
refused with 429. The baseline, in the same run: the same five learners, each in their private chat.
Target: p95 ≤ 1.5 s in the group, 0 × 429.

    python -m benchmarks.bench_group [--seconds 180] [--interval 5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from telegram.ext import AIORateLimiter

from benchmarks.bench_telegram import mcq_deck
from benchmarks.common import database, percentile
from studybot.adapters.telegram import TelegramService, build_application
from studybot.config import Settings
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.engine.turn import EngineSettings
from tests.fakes.telegram_api import JSON, FakeTelegram

LEARNERS = 5
GROUP = -100500
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@dataclass
class Watcher(FakeTelegram):
    """The fake server, noting when each learner's next question appears (sent or edited in)."""

    shown: dict[int, JSON] = field(default_factory=dict)  # learner → the message showing their question
    pressed_at: dict[int, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    appeared: dict[int, asyncio.Event] = field(default_factory=dict)

    async def _api_sendMessage(self, params: JSON) -> JSON:
        return self._note(await super()._api_sendMessage(params))

    async def _api_editMessageText(self, params: JSON) -> JSON:
        return self._note(await super()._api_editMessageText(params))

    def _note(self, message: JSON) -> JSON:
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        data = [b.get("callback_data", "") for row in keyboard for b in row]
        if not data or not data[0].startswith("c:"):
            return message
        owner = int(data[0].split(":")[2])
        self.shown[owner] = message
        if owner in self.pressed_at:
            self.latencies.append(time.perf_counter() - self.pressed_at.pop(owner))
        self.appeared.setdefault(owner, asyncio.Event()).set()
        return message


async def learner_presses(fake: Watcher, user_id: int, chat_id: int, start: float, args: argparse.Namespace) -> None:
    await asyncio.sleep(start)
    deadline = time.perf_counter() + args.seconds
    user = {"id": user_id, "is_bot": False, "first_name": f"L{user_id}"}
    presses = 0
    while time.perf_counter() < deadline:
        message = fake.shown[user_id]
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        presses += 1
        query = {"id": f"{user_id}-{presses}", "from": user, "chat_instance": "c", "data": data, "message": message}
        fake.appeared[user_id].clear()
        fake.pressed_at[user_id] = time.perf_counter()
        await fake.add_update(callback_query=query)
        await asyncio.sleep(args.interval)
        if not fake.appeared[user_id].is_set():
            await fake.appeared[user_id].wait()  # a press never answered would show as a long latency


@dataclass(frozen=True)
class Run:
    latencies: list[float]
    refused: int
    answers: int


async def run(url: str, deck: Path, *, in_group: bool, args: argparse.Namespace, old: bool = False) -> Run:
    """`old`: python-telegram-bot's AIORateLimiter as studybot used it before (20/min per group, retries)."""
    fake = Watcher()
    await fake.start()
    async with database(url) as db:
        decks = load_decks([deck]).decks
        await db.run(lambda session: import_decks(session, decks, now=NOW))
        engine = QuizEngine(
            db, clock=lambda: datetime.now(UTC), rng=Random(5), settings=EngineSettings(new_per_day=999)
        )
        settings = Settings(_env_file=None, telegram_bot_token=fake.token, telegram_base_url=fake.base_url)  # type: ignore[call-arg]
        service = TelegramService(
            engine,
            settings,
            build_application(engine, settings, limiter=AIORateLimiter(max_retries=3) if old else None),
        )
        stop = asyncio.Event()
        serving = asyncio.create_task(service.serve(stop))
        await service.ready.wait()
        users = [2000 + i for i in range(LEARNERS)]
        for user_id in users:  # each asks for a first question with /quiz in the chat
            await engine.subscribe(Learner("telegram", str(user_id)), "bench")
            chat = GROUP if in_group else user_id
            fake.appeared[user_id] = asyncio.Event()
            text = {"message_id": fake.next_message_id(chat), "date": int(time.time()), "text": "/quiz",
                    "chat": {"id": chat, "type": "supergroup" if in_group else "private", "title": "G"},
                    "from": {"id": user_id, "is_bot": False, "first_name": f"L{user_id}"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}  # fmt: skip
            await fake.add_update(message=text)
            await fake.appeared[user_id].wait()
        stagger = args.interval / LEARNERS
        await asyncio.gather(
            *(learner_presses(fake, u, GROUP if in_group else u, i * stagger, args) for i, u in enumerate(users))
        )
        stop.set()
        await serving
    await fake.close()
    return Run(fake.latencies, fake.flood.refused, len(fake.latencies))


def _line(name: str, result: Run) -> str:
    p50, p95, p99 = (percentile(result.latencies, share) * 1000 for share in (0.5, 0.95, 0.99))
    return (
        f"  {name}: {result.answers} answers, press → own next question p50 {p50:.0f} ms / p95 {p95:.0f} ms / "
        f"p99 {p99:.0f} ms, {result.refused} × 429"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="how long the learners answer")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between one learner's presses")
    parser.add_argument("--old-limiter", action="store_true", help="also run the group with AIORateLimiter")
    args = parser.parse_args()
    print(
        f"telegram group: {LEARNERS} learners, one press each every {args.interval:g} s for {args.seconds:g} s "
        "(sqlite; the fake allows 20 messages a minute per group):"
    )
    with tempfile.TemporaryDirectory() as tmp:
        cards = int(args.seconds / args.interval) + 10
        deck = mcq_deck(Path(tmp) / "bench.yaml", cards)
        private = asyncio.run(run(f"sqlite+aiosqlite:///{tmp}/private.db", deck, in_group=False, args=args))
        group = asyncio.run(run(f"sqlite+aiosqlite:///{tmp}/group.db", deck, in_group=True, args=args))
        old = args.old_limiter and asyncio.run(
            run(f"sqlite+aiosqlite:///{tmp}/old.db", deck, in_group=True, args=args, old=True)
        )
    print(_line("baseline, each in a private chat", private))
    print(_line("one group                       ", group))
    if old:
        print(_line("one group, AIORateLimiter (before)", old))
    ratio = percentile(group.latencies, 0.95) / percentile(private.latencies, 0.95)
    p95 = percentile(group.latencies, 0.95)
    print(
        f"  group / private p95: {ratio:.2f}; group p95 {p95:.2f} s (target ≤ 1.5 s), {group.refused} × 429 (target 0)"
    )


if __name__ == "__main__":
    main()
