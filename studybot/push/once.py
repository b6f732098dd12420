"""`studybot push --once [--dry-run]`: one push tick from a separate process, beside `studybot run` or not.

It delivers through each platform's HTTP API only (`open_delivery` of the adapter package): no polling
and no gateway connection, which would fight the running bot for the same token.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import datetime
from typing import TextIO

from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.wording import count
from studybot.push.delivery import Delivery
from studybot.push.outlook import Verdict, outlook
from studybot.push.planner import Planner

log = logging.getLogger(__name__)
LINES_PER_REASON = 200  # a dry run over a big database prints this many learners per reason, then a count


def platforms_with_tokens(settings: Settings) -> frozenset[str]:
    tokens = {"telegram": settings.telegram_bot_token, "discord": settings.discord_bot_token}
    return frozenset(name for name, token in tokens.items() if token)


def open_delivery(name: str, settings: Settings, engine: QuizEngine) -> AbstractAsyncContextManager[Delivery]:
    """The adapter package's sending side, imported only when its platform is used. With the engine, so the
    questions it sends are noted as the running bot's are (a reply to one answers it)."""
    module = importlib.import_module(f"studybot.adapters.{name}")
    opened: AbstractAsyncContextManager[Delivery] = module.open_delivery(settings, engine)
    return opened


async def push_once(
    engine: QuizEngine, settings: Settings, *, clock: Callable[[], datetime], dry_run: bool, out: TextIO = sys.stdout
) -> int:
    platforms = platforms_with_tokens(settings)
    if dry_run:
        verdicts = await outlook(engine, platforms=platforms, now=clock(), grace=settings.push_grace)
        print_outlook(verdicts, out)
        return 0
    if not platforms:
        print(
            "studybot push: no token set (TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN): nobody to push to.", file=sys.stderr
        )
        return 2
    async with AsyncExitStack() as stack:
        deliveries = await _open_deliveries(stack, platforms, settings, engine)
        if not deliveries:
            return 1
        planner = Planner(engine, deliveries, clock=clock, grace=settings.push_grace)
        await planner.prepare()
        report = await planner.tick()
    summary = ", ".join(f"{count} {status}" for status, count in sorted(report.items())) or "nobody was due"
    print(f"Push tick done: {summary}.", file=out)
    return 0


async def _open_deliveries(
    stack: AsyncExitStack, platforms: frozenset[str], settings: Settings, engine: QuizEngine
) -> dict[str, Delivery]:
    """The platforms that could be reached; one that cannot (a revoked token, a server down) is one log line,
    and its learners are not claimed: they stay due for the next tick."""
    deliveries: dict[str, Delivery] = {}
    for name in sorted(platforms):
        try:
            deliveries[name] = await stack.enter_async_context(open_delivery(name, settings, engine))
        except Exception as exc:
            log.error("%s is down: %s: %s", name, type(exc).__name__, exc)
    return deliveries


def print_outlook(verdicts: list[Verdict], out: TextIO) -> None:
    shown: dict[str, int] = {}
    for verdict in verdicts:
        kind = "push" if verdict.push else verdict.reason.split(":")[0]
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= LINES_PER_REASON:
            print(f"{'PUSH' if verdict.push else 'no  '} {verdict.learner}: {verdict.reason}", file=out)
    for kind, times in shown.items():
        if times > LINES_PER_REASON:
            print(f"… and {times - LINES_PER_REASON} more ({kind})", file=out)
    pushes = sum(verdict.push for verdict in verdicts)
    print(
        f"(dry run) {pushes} of {count(len(verdicts), 'learner')} would be pushed now; nothing was claimed.", file=out
    )
