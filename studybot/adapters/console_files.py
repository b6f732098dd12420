"""The terminal's own commands that read or write a file where the chat platforms send one: `/export PATH`
(the review log), `/stats --png PATH` (the stats picture) and `/import PATH` (a deck file of one's own).
Everything else goes to the engine as usual."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path, PurePath

from studybot.adapters import chart
from studybot.decks.errors import DeckError
from studybot.decks.files import read_deck_bytes
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Document, Learner, Reply, Stats

PNG_FLAG = "--png"
Render = Callable[[Reply], str]


async def file_command(engine: QuizEngine, learner: Learner, line: str, render: Render) -> str | None:
    """The reply to a file-writing line; None when `line` is not one."""
    head, rest = _split(line)
    if head == "/export":
        return await _export(engine, learner, rest, render)
    if head == "/import" and rest:
        return await _import(engine, learner, rest, render)
    flag, path = _split(rest)
    if head == "/stats" and flag == PNG_FLAG:
        return await _stats_png(engine, learner, path, render)
    return None


def _split(words: str) -> tuple[str, str]:
    """The first word (lower case) and the rest, stripped."""
    parts = words.split(maxsplit=1)
    return (parts[0].lower() if parts else ""), (parts[1].strip() if len(parts) > 1 else "")


async def _export(engine: QuizEngine, learner: Learner, path: str, render: Render) -> str:
    """/export PATH: the review log; /export DECK PATH.apkg: that deck as an Anki package."""
    if not path:
        return "Error: say where to write it: /export PATH (for example /export revlog.csv)"
    deck, _, apkg = path.partition(" ")
    wanted = deck if apkg.strip().lower().endswith(".apkg") else None
    path = apkg.strip() if wanted else path
    reply = await engine.export(learner, wanted)
    if not isinstance(reply, Document):
        return render(reply)
    if (problem := await _save(path, reply.content)) is not None:
        return f"Error: cannot write {path}: {problem}"
    return f"Wrote {path}. {reply.caption.replace(reply.filename, path)}"


async def _import(engine: QuizEngine, learner: Learner, path: str, render: Render) -> str:
    """Read at most the upload limit (FIFOs, devices and directories refused), then upload it."""
    data = await asyncio.to_thread(_read, path, engine.settings.upload_max_bytes)
    if isinstance(data, DeckError):
        return f"Error: {data}"
    return render(await engine.upload(learner, PurePath(path).name, data))


async def _stats_png(engine: QuizEngine, learner: Learner, path: str, render: Render) -> str:
    """/stats, and its picture written to `path`; a learner with nothing to draw gets the text only."""
    if not path:
        return "Error: say where to write the picture: /stats --png FILE.png"
    reply = await engine.stats(learner)
    if not isinstance(reply, Stats):
        return render(reply)
    if reply.chart is None:
        return f"{render(reply)}\nNo picture yet: nothing to draw until you have reviewed a card."
    if (problem := await _save(path, await chart.draw(reply.chart))) is not None:
        return f"{render(reply)}\nError: cannot write the picture to {path}: {problem}"
    return f"{render(reply)}\nPicture written to {path}."


async def _save(path: str, data: bytes) -> str | None:
    """Write `data` to `path` (~ expanded) off the event loop; why not, when that failed."""
    try:
        await asyncio.to_thread(_write, path, data)
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def _read(path: str, limit: int) -> bytes | DeckError:
    return read_deck_bytes(Path(path).expanduser(), limit)


def _write(path: str, data: bytes) -> None:
    Path(path).expanduser().write_bytes(data)
