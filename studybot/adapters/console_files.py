"""The terminal's own commands that read or write a file where the chat platforms send one: `/export PATH`
(the review log), `/stats --png PATH` (the stats picture) and `/import PATH` (a deck file of one's own).
Everything else goes to the engine as usual."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path, PurePath

from studybot.adapters import chart
from studybot.decks.errors import DeckError
from studybot.decks.files import read_deck_bytes
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Document, Learner, Reply, Stats

PNG_FLAG = "--png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPORT_USAGE = "/export FILE.csv for your review log, /export DECK [FILE.apkg] for a deck as an Anki package"
IMPORT_USAGE = "Error: say which file: /import PATH (a .yaml, .csv, .tsv or Anki .apkg deck file)."
Render = Callable[[Reply], str]


async def file_command(engine: QuizEngine, learner: Learner, line: str, render: Render) -> str | None:
    """The reply to a file-writing line; None when `line` is not one."""
    head, rest = _split(line)
    if head == "/export":
        return await _export(engine, learner, rest, render)
    if head == "/import":
        return await _import(engine, learner, typed_path(rest), render) if rest else IMPORT_USAGE
    flag, path = _split(rest)
    if head == "/stats" and flag == PNG_FLAG:
        return await _stats_png(engine, learner, typed_path(path), render)
    return None


def typed_path(typed: str) -> str:
    """A path as typed, or as a terminal pastes a file dropped on it: 'my deck.csv' (Linux), "my deck.csv"
    (Windows), my\\ deck.csv (macOS). Anything else is taken as it is: spaces need no quotes."""
    if len(typed) >= 2 and typed[0] == typed[-1] and typed[0] in "'\"":
        return typed[1:-1]
    if "\\" in typed and os.sep == "/":  # a Windows path's backslashes are separators, not escapes
        try:
            words = shlex.split(typed)
        except ValueError:  # an unmatched quote: not a shell word after all
            return typed
        return words[0] if len(words) == 1 else typed
    return typed


def _split(words: str) -> tuple[str, str]:
    """The first word (lower case) and the rest, stripped."""
    parts = words.split(maxsplit=1)
    return (parts[0].lower() if parts else ""), (parts[1].strip() if len(parts) > 1 else "")


async def _export(engine: QuizEngine, learner: Learner, typed: str, render: Render) -> str:
    """/export FILE.csv: the review log; /export DECK: that deck as its own .apkg file here (DECK as on every
    platform: a name or a title); /export DECK FILE.apkg or /export DECK FOLDER: that deck, written there.
    A title with spaces may be quoted ("Physics basics" out.apkg) or not: the longest deck name wins, the
    whole line first."""
    if not typed:
        return f"Error: say what to write: {EXPORT_USAGE}"
    if (whole := typed_path(typed)).lower().endswith(".csv"):
        return await _deliver(await engine.export(learner), whole, render)
    whole_deck = await engine.export(learner, whole)  # the whole line names the deck (the longest name)
    if isinstance(whole_deck, Document):
        return await _deliver(whole_deck, whole_deck.filename, render)  # written here, as its file
    refused: Reply | None = None
    for deck, where in _deck_then_place(typed):
        if where.lower().endswith(".apkg") or await asyncio.to_thread(_is_folder, where):
            reply = await engine.export(learner, deck)
            if isinstance(reply, Document):
                return await _deliver(reply, where, render)
            refused = refused or reply  # the longest deck name's answer
    if refused is not None:
        return render(refused)
    if whole.lower().endswith(".apkg"):
        return f"Error: say which deck: /export DECK {whole}"
    if " " in typed:
        return f"Error: a deck goes to a file ending in .apkg, or into a folder: /export {typed}.apkg"
    return f"{render(whole_deck)} (Your review log: /export FILE.csv)"


def _deck_then_place(typed: str) -> list[tuple[str, str]]:
    """The ways to read `typed` as DECK then PATH: as its shell words when it has quotes and reads as two
    or more; else split at each space, the longest deck name first (a path after it may hold spaces)."""
    if "'" in typed or '"' in typed:
        try:
            words = shlex.split(typed)
        except ValueError:  # an unmatched quote: not shell words after all
            words = []
        if len(words) >= 2:
            return [(words[0], " ".join(words[1:]))]
    gaps = reversed(list(re.finditer(r"\s+", typed)))
    return [(typed[: gap.start()], typed_path(typed[gap.end() :])) for gap in gaps]


async def _deliver(reply: Reply, path: str, render: Render) -> str:
    """Save the document at `path` (into it, when it is a folder) and say where; the reply itself otherwise."""
    if not isinstance(reply, Document):
        return render(reply)
    if await asyncio.to_thread(_is_folder, path):
        path = os.path.join(path, reply.filename)
    if (free := await asyncio.to_thread(_free_name, path)) != path:
        return f"Error: {path} exists already; nothing was written. {_another(free)}"
    if (problem := await _save(path, reply.content, keep=True)) is not None:
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
    if not await asyncio.to_thread(_picture_or_free, path):
        free = await asyncio.to_thread(_free_name, path)
        return f"Error: {path} exists already and is not a picture; nothing was written. {_another(free)}"
    if (problem := await _save(path, await chart.draw(reply.chart))) is not None:
        return f"{render(reply)}\nError: cannot write the picture to {path}: {problem}"
    return f"{render(reply)}\nPicture written to {path}."


async def _save(path: str, data: bytes, *, keep: bool = False) -> str | None:
    """Write `data` to `path` (~ expanded) off the event loop; why not, when that failed. `keep`: never
    overwrite a file (one made meanwhile fails with "File exists")."""
    try:
        await asyncio.to_thread(_write, path, data, keep)
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def _read(path: str, limit: int) -> bytes | DeckError:
    return read_deck_bytes(Path(path).expanduser(), limit)


def _is_folder(path: str) -> bool:
    return Path(path).expanduser().is_dir()


def _write(path: str, data: bytes, keep: bool) -> None:
    with Path(path).expanduser().open("xb" if keep else "wb") as file:
        file.write(data)


def _picture_or_free(path: str) -> bool:
    """Nothing at `path`, or a PNG picture (the last one written there): a picture may replace it."""
    try:
        with Path(path).expanduser().open("rb") as file:
            return file.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:  # nothing there; or a folder, or not readable: writing will say why
        return True


def _another(free: str) -> str:
    return f"Name another file, such as {free}."


def _free_name(path: str) -> str:
    """`path` when nothing is there; else the first of NAME-2.EXT, NAME-3.EXT, … that is free (as typed)."""
    folder, name = os.path.split(path)
    stem, dot, extension = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    number = 1
    while os.path.lexists(os.path.expanduser(path)):  # a dangling link too: writing through it is refused
        number += 1
        path = os.path.join(folder, f"{stem}-{number}{dot}{extension}")
    return path
