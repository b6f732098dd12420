"""`studybot import-deck` on a folder of hostile files: every problem reported, exit 1, nothing written,
and not one raw control or escape sequence reaches the terminal."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tests.decks.hostile.corpus import HEADER, short_card
from tests.test_cli import studybot
from tests.wording import same_lines


def _tables_with_rows(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [
            name for name in names if name != "alembic_version" and conn.execute(f"SELECT 1 FROM {name}").fetchone()
        ]


def test_a_folder_of_hostile_files(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "good.yaml").write_text(HEADER.replace("demo", "good") + short_card())
    (decks / "bell.yaml").write_text(HEADER.replace("demo", "bell") + short_card(question="Ring\x07\x1b[2J"))
    (decks / "escape.yaml").write_text(HEADER.replace("demo", "escape") + short_card(answers='["\\e]0;pwned\\a"]'))
    (decks / "typo.yaml").write_text(HEADER.replace("demo", "typo") + short_card().replace("question:", "questoin:"))
    (decks / "\x1b[31mred.yaml").write_text("deck: [")
    (decks / "dir.yaml").mkdir()
    os.mkfifo(decks / "fifo.yaml")
    (decks / "loop.yaml").symlink_to(decks / "loop.yaml")
    (decks / "bytes.yaml").write_bytes(b"deck: x\ntitle: caf\xe9\n")
    db = tmp_path / "bot.db"

    result = studybot(["import-deck", str(decks), "--db", f"sqlite:///{db}"], tmp_path)

    assert result.returncode == 1
    lines = [line.removeprefix(f"{decks}/") for line in result.stderr.splitlines()]
    assert same_lines(
        lines,
        [
            "\\x1b[31mred.yaml:2: YAML syntax error: …",
            "bell.yaml:8: character U+0007 (a control character) at column 40 is not allowed in a deck",
            "bytes.yaml:2: not UTF-8 text (byte 0xE9: …)",
            "dir.yaml: is a directory, not a deck file",
            "escape.yaml:8: character U+001B (a control character) written as an escape is not allowed in a deck",
            "fifo.yaml: is a named pipe (FIFO), not a deck file",
            "loop.yaml: symbolic link loop",
            "typo.yaml:8: card 'a': missing key 'question'",
            "typo.yaml:8: card 'a': unknown key 'questoin' (did you mean 'question'?)",
            "9 problems; nothing was imported.",
        ],
    ), lines
    assert "\x1b" not in result.stderr + result.stdout
    assert "\x07" not in result.stderr + result.stdout
    assert _tables_with_rows(db) == []


def test_take_over_and_prune_guards_from_the_command_line(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'bot.db'}"]
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(HEADER + short_card())
    second.write_text(HEADER + short_card().replace("id: a", "id: b"))
    assert studybot(["import-deck", str(first), *db], tmp_path).returncode == 0

    refused = studybot(["import-deck", str(second), "--prune", *db], tmp_path)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.splitlines() == [
        f"{second}: deck 'demo' was imported from {first}; this file would replace it and its cards. "
        "Pass --take-over if that is what you want.",
        "1 problem; nothing was imported.",
    ]
    taken = studybot(["import-deck", str(second), "--take-over", *db], tmp_path)
    assert taken.returncode == 0, taken.stderr
    assert taken.stdout.splitlines() == [
        "demo: 1 added, 0 updated, 0 unchanged, 1 retired",
        "  retired: a",
        "Imported 1 deck.",
    ]
