"""`studybot export` and the terminal's `/export PATH`, as an operator and a learner run them."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.engine.test_export import COLUMNS
from tests.test_cli import studybot


def _chat(tmp_path: Path, user: str, lines: str) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'bot.db'}"]
    done = studybot(["chat", "--user", user, *db], tmp_path, lines)
    assert done.returncode == 0, done.stderr


def test_export_writes_the_learners_reviews_and_refuses_clearly(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'bot.db'}"]
    _chat(tmp_path, "ana", "/quiz\n1\n1\n/export mine.csv\n")
    _chat(tmp_path, "ben", "/stats\n")

    done = studybot(["export", "--user", "console:ana", "--out", "ana.csv", *db], tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Wrote 2 reviews of 2 cards to ana.csv (cram answers left out).\n"
    rows = list(csv.reader((tmp_path / "ana.csv").read_text().splitlines()))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3
    assert [row[2] in {"1", "3"} for row in rows[1:]] == [True, True]
    assert (tmp_path / "mine.csv").read_bytes() == (tmp_path / "ana.csv").read_bytes()  # the learner's own copy

    unknown = studybot(["export", "--user", "console:zoe", "--out", "z.csv", *db], tmp_path)
    assert (unknown.returncode, unknown.stderr) == (2, "studybot export: no learner console:zoe in this database\n")
    empty = studybot(["export", "--user", "console:ben", "--out", "b.csv", *db], tmp_path)
    assert (empty.returncode, empty.stderr) == (
        1,
        "studybot export: console:ben has no reviews to export (nothing written)\n",
    )
    assert not (tmp_path / "b.csv").exists()
    bad = studybot(["export", "--user", "console:ana", "--out", "no/such/dir/a.csv", *db], tmp_path)
    assert bad.returncode == 2
    assert bad.stderr == "studybot export: cannot write no/such/dir/a.csv: No such file or directory\n"
    nowhere = studybot(["export", "--user", "console:ana", "--out", "a.csv", "--db", "sqlite:///none.db"], tmp_path)
    assert nowhere.returncode == 2
    assert nowhere.stderr == "studybot export: no database at none.db\n"
    assert not (tmp_path / "none.db").exists()
    shape = studybot(["export", "--user", "ana", "--out", "a.csv", *db], tmp_path)
    assert shape.returncode == 2
    assert "--user must be PLATFORM:ID" in shape.stderr


def test_the_terminal_export_needs_a_path_and_says_what_it_wrote(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'bot.db'}"]
    done = studybot(
        ["chat", "--user", "ana", *db], tmp_path, "/export a.csv\n/quiz\n1\n/export\n/export x/y.csv\n/export a.csv\n"
    )
    out = done.stdout
    assert "Error: You have no reviews to export yet: answer some cards with /quiz first." in out
    assert "Error: say what to write: /export FILE.csv for your review log, /export DECK [FILE.apkg] for a deck" in out
    assert "Error: cannot write x/y.csv: No such file or directory" in out
    assert "Wrote a.csv. Your review log: 1 review of 1 card" in out
    one = studybot(["export", "--user", "console:ana", "--out", "one.csv", *db], tmp_path)
    assert one.stdout == "Wrote 1 review of 1 card to one.csv (cram answers left out).\n"
    assert (
        (tmp_path / "a.csv").read_text().startswith("card_id,review_time,review_rating,review_state,review_duration\n")
    )
