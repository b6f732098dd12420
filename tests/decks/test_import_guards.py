"""No single mistaken import destroys history: deck take-overs and pruning reviewed cards need a flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.decks.report import ImportRefused
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Prompt
from studybot.storage.db import Database
from studybot.storage.models import Card, ReviewLog
from tests.conftest import DATA
from tests.decks.test_importer import NOW


def _import(db: Database, path: Path, **flags: bool) -> list[str]:
    result = load_decks([path])
    assert result.ok, result.errors
    with db.transaction() as session:
        return [str(r) for r in import_decks(session, result.decks, now=NOW, **flags)]


def _reviews(db: Database) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReviewLog)) or 0)


async def _review_speed_of_light(engine: QuizEngine) -> None:
    for name in ("ana", "ben"):
        learner = Learner("console", name)
        await engine.subscribe(learner, "physics")
        prompt = await engine.next(learner)
        assert isinstance(prompt, Prompt)
        await engine.answer(learner, "1")


async def test_another_file_declaring_the_deck_is_refused_naming_both(
    db: Database, engine: QuizEngine, tmp_path: Path
) -> None:
    """The engine fixture imported physics from tests/data/physics.yaml."""
    await _review_speed_of_light(engine)
    other = tmp_path / "my-physics.yaml"
    other.write_text((DATA / "physics.yaml").read_text().split("  - id: sound-in-vacuum")[0])
    with pytest.raises(ImportRefused) as refused:
        _import(db, other, prune=True, delete_reviews=True)
    assert refused.value.problems == [
        f"{other}: deck 'physics' was imported from {DATA / 'physics.yaml'}; this file would replace it and "
        "its cards. Pass --take-over if that is what you want."
    ]
    assert _reviews(db) == 2
    assert _import(db, other, take_over=True) == [
        "physics: 0 added, 0 updated, 1 unchanged, 4 retired\n"
        "  retired: sound-in-vacuum, newton-unit, gravity-accel, entropy"
    ]
    with pytest.raises(ImportRefused):  # the deck now belongs to my-physics.yaml
        _import(db, DATA / "physics.yaml")


async def test_pruning_reviewed_cards_needs_delete_reviews_and_dry_run_counts(
    db: Database, engine: QuizEngine, tmp_path: Path
) -> None:
    await _review_speed_of_light(engine)
    edited = tmp_path / "physics.yaml"
    text = (DATA / "physics.yaml").read_text()
    start, end = text.index("  - id: speed-of-light"), text.index("  - id: sound-in-vacuum")
    edited.write_text(text[:start] + text[end:])

    with pytest.raises(ImportRefused) as refused:
        _import(db, edited, prune=True)
    assert refused.value.problems == [
        f"{edited}: --prune would delete 1 card(s) of deck 'physics' with 2 reviews by 2 learners "
        "(speed-of-light). Add --delete-reviews to delete them with that history, or leave out --prune to "
        "retire them (history kept)."
    ]
    dry = _import(db, edited, prune=True, delete_reviews=True, dry_run=True)
    assert dry == [
        "physics: 0 added, 4 updated, 0 unchanged, 0 retired, 1 deleted with 2 reviews by 2 learners\n"
        "  updated: sound-in-vacuum, newton-unit, gravity-accel, entropy\n"
        "  deleted: speed-of-light"
    ]
    assert _reviews(db) == 2
    assert _import(db, edited)[0].startswith("physics: 0 added, 4 updated, 0 unchanged, 1 retired")
    assert _reviews(db) == 2  # retired, history kept
    _import(db, edited, prune=True, delete_reviews=True)
    assert _reviews(db) == 0
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 7


async def test_pruning_unreviewed_cards_needs_no_flag(db: Database, tmp_path: Path) -> None:
    _import(db, DATA / "chemistry.yaml")
    text = (DATA / "chemistry.yaml").read_text()
    edited = tmp_path / "chemistry.yaml"
    edited.write_text(text[: text.index("  - id: ph-neutral")])
    assert _import(db, edited, prune=True) == [
        "chemistry: 0 added, 0 updated, 2 unchanged, 0 retired, 1 deleted\n  deleted: ph-neutral"
    ]


async def test_a_moved_decks_folder_is_the_same_file(db: Database, tmp_path: Path) -> None:
    _import(db, DATA / "chemistry.yaml")
    moved = tmp_path / "elsewhere" / "chemistry.yaml"
    moved.parent.mkdir()
    moved.write_text((DATA / "chemistry.yaml").read_text())
    assert _import(db, moved) == ["chemistry: 0 added, 0 updated, 3 unchanged, 0 retired"]


async def test_an_import_interrupted_between_steps_finishes_when_run_again(db: Database, tmp_path: Path) -> None:
    """Steps commit one by one; the deck's hash is written last, so a re-run redoes what is missing."""
    from studybot.decks.importer import ImportOptions, plan_import

    result = load_decks([DATA / "physics.yaml"])
    with db.transaction() as session:
        (plan,) = plan_import(session, result.decks, now=NOW, options=ImportOptions())
    steps = list(plan.steps(batch=2))
    for step in steps[:2]:  # the deck row and the first two cards, then the process dies
        with db.transaction() as session:
            step(session)
    assert _import(db, DATA / "physics.yaml") == ["physics: 3 added, 0 updated, 2 unchanged, 0 retired"]
    assert _import(db, DATA / "physics.yaml") == ["physics: 0 added, 0 updated, 5 unchanged, 0 retired"]
