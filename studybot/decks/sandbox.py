"""Parsing an upload in its own process, with a time limit that means something.

A pure-Python parser cannot be interrupted from a thread, so the parse runs in a child process
(decks/formats/worker.py): it limits its own CPU time and memory, and the parent kills it when the
wall-clock limit passes. The event loop only awaits the child's pipes, so the bot keeps answering
everyone meanwhile; at most PARALLEL parses run at once (the others wait their turn). The child's
output is validated again here: nothing it says is trusted beyond what the deck schema allows."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import weakref
from collections import Counter
from typing import Any

from pydantic import TypeAdapter, ValidationError

from studybot.decks.formats.model import Limits, ParsedDeck, UploadProblem
from studybot.decks.schema import AnyCard, Card, Source

PARALLEL = 2
_PASSED_ON = ("PATH", "PYTHONPATH", "LANG", "LC_ALL", "TMPDIR", "HOME")
_card_adapter: TypeAdapter[AnyCard] = TypeAdapter(Card)
_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _turn() -> asyncio.Semaphore:
    """The event loop's semaphore (one per loop: a semaphore belongs to the loop it first waited in)."""
    return _turns.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(PARALLEL))


async def parse_upload(filename: str, data: bytes, limits: Limits, *, seconds: int) -> ParsedDeck:
    """The parsed deck; raises UploadProblem (a one-line reason) for anything else."""
    if len(data) > limits.max_bytes:
        raise UploadProblem(f"{filename[:100]}: larger than {limits.max_bytes / (1024 * 1024):,.0f} MB")
    args = [filename, str(limits.max_bytes), str(limits.max_cards), str(seconds)]
    async with _turn():
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "studybot.decks.formats.worker",
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=child_environment(),
        )
        try:
            output, _ = await asyncio.wait_for(child.communicate(data), seconds)
        except TimeoutError:
            child.kill()
            await child.wait()
            raise UploadProblem(f"{filename[:100]}: reading it took longer than {seconds} s; refused") from None
    if child.returncode != 0:
        raise UploadProblem(_failure(filename[:100], child.returncode))
    return await asyncio.to_thread(_parsed, filename, output)  # validating 5,000 cards takes a while


def _failure(name: str, returncode: int | None) -> str:
    """Why the child stopped without an answer: killed at its CPU limit (SIGXCPU, then SIGKILL at the
    hard limit or from the kernel when out of memory), or anything else, which is not a limit."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"{name}: refused: reading it went beyond my limits (time or memory)"
    return f"{name}: I could not read it; nothing was changed"


def child_environment() -> dict[str, str]:
    """What the child needs to start, and nothing else: no tokens or database URL reach code that reads
    files nobody vouches for."""
    return {name: os.environ[name] for name in _PASSED_ON if name in os.environ}


def _parsed(filename: str, output: bytes) -> ParsedDeck:
    try:
        result: dict[str, Any] = json.loads(output)
        if "problem" in result:
            raise UploadProblem(str(result["problem"])[:500])
        deck = ParsedDeck(str(result["name"]), str(result["title"]), str(result["description"]))
        deck.cards = [_card_adapter.validate_python(card) for card in result["cards"]]
        deck.skipped, deck.notes = Counter(result["skipped"]), Counter(result["notes"])
        deck.sources = tuple(Source.model_validate(source) for source in result["sources"])
    except (ValueError, KeyError, TypeError, ValidationError):
        raise UploadProblem(f"{filename[:100]}: I could not read it") from None
    if len({card.id for card in deck.cards}) != len(deck.cards):  # a card's key is unique in its deck
        raise UploadProblem(f"{filename[:100]}: I could not read it (two cards with the same key)")
    return deck
