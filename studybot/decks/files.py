"""Finding deck files and reading them without trusting the file system.

A path named `*.yaml` may be a directory, a FIFO (reading it would hang), a device (reading /dev/zero
never ends), a symlink loop, or unreadable. Each file is opened without blocking, checked with fstat on
the open descriptor (so it cannot be swapped between the check and the read), and never read past the
size limit. Every problem comes back as a DeckError instead of an exception.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from studybot.decks.errors import DeckError
from studybot.decks.yamlsource import MAX_BYTES

SUFFIXES = (".yaml", ".yml")
OWN_DECK_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".apkg", ".colpkg"})  # what /import reads in a chat
OWN_DECK = (
    "import-deck reads YAML deck files; a CSV, text or Anki file is a learner's own deck: "
    "send it to the bot in a chat, or /import it in `studybot chat`"
)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def deck_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[DeckError]]:
    """Expand directories to their *.yaml / *.yml entries (sorted, hidden ones skipped); report paths
    that cannot be used."""
    files: list[Path] = []
    errors: list[DeckError] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            errors.append(DeckError(str(path), 0, _reason(exc)))
            continue
        if not is_dir and path.suffix.lower() in OWN_DECK_SUFFIXES:
            errors.append(DeckError(str(path), 0, OWN_DECK))
            continue
        if not is_dir:
            files.append(path)
            continue
        try:
            found = sorted(
                Path(entry.path)
                for entry in os.scandir(path)
                if entry.name.endswith(SUFFIXES) and not entry.name.startswith(".")  # editors' lock and swap files
            )
        except OSError as exc:
            errors.append(DeckError(str(path), 0, f"cannot list this directory: {_reason(exc)}"))
            continue
        if not found:
            errors.append(DeckError(str(path), 0, "no *.yaml deck files in this directory"))
        files.extend(found)
    return files, errors


def read_deck_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | DeckError:
    """The file's bytes, or why it cannot be a deck file. Reads at most `limit` + 1 bytes."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return DeckError(name, 0, _reason(exc))
    try:
        info = os.fstat(fd)
        for is_kind, kind in _KINDS:
            if is_kind(info.st_mode):
                return DeckError(name, 0, f"is {kind}, not a deck file")
        if info.st_size > limit:
            return DeckError(name, 0, f"file is larger than {_mib(limit)}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew after fstat
            return DeckError(name, 0, f"file is larger than {_mib(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        return DeckError(name, 0, _reason(exc))
    finally:
        os.close(fd)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MiB"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in {errno.EACCES, errno.EPERM}:
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()
