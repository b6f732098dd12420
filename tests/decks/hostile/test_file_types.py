"""Paths that are not readable deck files: each one reported as FILE: reason, the others still checked.

Every file is opened without blocking and checked with fstat before a byte is read, so a FIFO cannot
hang the import and /dev/zero cannot fill memory.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from studybot.decks.yamlsource import MAX_BYTES
from tests.decks.hostile.corpus import HEADER, errors_in, short_card

AS_ROOT = os.geteuid() == 0


def _fill(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.yaml").write_text(HEADER + short_card())
    (folder / "dir.yaml").mkdir()
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "ping.yaml").symlink_to(folder / "pong.yaml")
    (folder / "pong.yaml").symlink_to(folder / "ping.yaml")
    (folder / "broken.yaml").symlink_to(folder / "gone.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "null.yaml").symlink_to("/dev/null")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "eio.yaml").symlink_to("/proc/self/mem")  # a regular file whose read fails (EIO)
    with (folder / "huge.yaml").open("wb") as sparse:
        sparse.truncate(MAX_BYTES + 1)


def test_every_kind_of_bad_path_in_a_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    _fill(folder)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.yaml"))
        errors = errors_in([folder, tmp_path / "missing.yaml", tmp_path / "missing-dir"], tmp_path)
    assert errors == [
        "decks/broken.yaml: no such file or directory",
        "decks/dir.yaml: is a directory, not a deck file",
        "decks/eio.yaml: input/output error",
        "decks/fifo.yaml: is a named pipe (FIFO), not a deck file",
        "decks/huge.yaml: file is larger than 2 MiB",
        "decks/loop.yaml: symbolic link loop",
        "decks/null.yaml: is a character device, not a deck file",
        "decks/ping.yaml: symbolic link loop",
        "decks/pong.yaml: symbolic link loop",
        "decks/sock.yaml: no such device or address",
        "decks/zero.yaml: is a character device, not a deck file",
        "missing-dir: no such file or directory",
        "missing.yaml: no such file or directory",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("loop.yaml", "symbolic link loop"),
        ("fifo.yaml", "is a named pipe (FIFO), not a deck file"),
        ("zero.yaml", "is a character device, not a deck file"),
        ("huge.yaml", "file is larger than 2 MiB"),
    ],
)
def test_named_directly(tmp_path: Path, name: str, message: str) -> None:
    _fill(tmp_path / "decks")
    assert errors_in([tmp_path / "decks" / name], tmp_path) == [f"decks/{name}: {message}"]


def test_a_symlink_loop_given_as_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert errors_in([tmp_path / "a"], tmp_path) == ["a: symbolic link loop"]


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their mode")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text(HEADER + short_card())
    (tmp_path / "secret.yaml").chmod(0)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed").chmod(stat.S_IWUSR)
    try:
        assert errors_in([tmp_path / "secret.yaml", tmp_path / "closed"], tmp_path) == [
            "closed: cannot list this directory: permission denied",
            "secret.yaml: permission denied",
        ]
    finally:
        (tmp_path / "closed").chmod(stat.S_IRWXU)


def test_hidden_files_in_a_folder_are_skipped(tmp_path: Path) -> None:
    """Emacs leaves `.#name.yaml` lock links to nowhere; vim leaves `.name.yaml.swp`-like files."""
    (tmp_path / "good.yaml").write_text(HEADER + short_card())
    (tmp_path / ".#good.yaml").symlink_to("user@host.1234:1700000000")
    (tmp_path / ".draft.yaml").write_text("deck: [")
    assert errors_in([tmp_path], tmp_path) == []
