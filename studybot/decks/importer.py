"""Validated decks → storage. Plans a diff by reading, then applies it in steps.

Cards are keyed by (deck id, card id), so editing a card keeps every learner's history. A deck whose
content hash is unchanged is skipped without a single write. Two guards stop one mistaken command
from destroying history: a deck belongs to the file it was imported from (another file declaring the
same id needs `take_over`), and pruning cards that learners have reviewed needs `delete_reviews`.

`plan_import` reads only; `ImportPlan.steps` are short write transactions (the caller may run them in
one transaction or one each, so a long import never holds SQLite's write lock for long). The deck's
content hash is written by the last step: an interrupted import is redone in full by running it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from studybot.decks.guards import history_of, ownership_problem, prune_problem, source_file
from studybot.decks.loader import Deck
from studybot.decks.report import DeckReport, ImportRefused
from studybot.decks.schema import AnyCard
from studybot.storage.models import Card, PendingPrompt, Subscription
from studybot.storage.models import Deck as DeckRow

Progress = Callable[[int], None]
Step = Callable[[Session], None]
BATCH = 2000  # cards per write step: ~50 ms of SQLite's write lock


@dataclass(frozen=True)
class ImportOptions:
    prune: bool = False
    take_over: bool = False
    delete_reviews: bool = False


@dataclass
class ImportPlan:
    report: DeckReport
    deck_row: dict[str, Any] | None = None
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    to_retire: list[int] = field(default_factory=list)
    to_delete: list[int] = field(default_factory=list)
    reworded: list[int] = field(default_factory=list)  # cards whose content changed (not just their place)

    def steps(self, progress: Progress | None = None, batch: int = BATCH) -> Iterator[Step]:
        """Write steps in order; each is safe to commit on its own."""
        if self.deck_row is None:
            if progress:
                progress(self.report.unchanged)
            return
        yield partial(_write_deck, {**self.deck_row, "content_hash": ""})
        for rows, statement in ((self.inserts, insert(Card)), (self.updates, update(Card))):
            for start in range(0, len(rows), batch):
                yield partial(_write_cards, statement, rows[start : start + batch], progress)
        yield partial(_finish, self, progress)


def card_hash(card: AnyCard) -> str:
    return _digest(card.model_dump(mode="json"))


def deck_hash(deck: Deck) -> str:
    header = {"title": deck.title, "description": deck.description, "sources": _sources(deck)}
    return _digest({"header": header, "cards": [card_hash(c) for c in deck.cards]})


def _digest(value: object) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _sources(deck: Deck) -> dict[str, Any]:
    return {s.id: s.model_dump(mode="json", exclude_none=True) for s in deck.sources}


def import_decks(
    session: Session,
    decks: Sequence[Deck],
    *,
    now: datetime,
    prune: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    take_over: bool = False,
    delete_reviews: bool = False,
) -> list[DeckReport]:
    """Bring storage in line with `decks` in the caller's transaction. Writes nothing when dry_run.

    Raises ImportRefused (before any write) when a guard stops the import."""
    plans = plan_import(session, decks, now=now, options=ImportOptions(prune, take_over, delete_reviews))
    for plan in plans:
        for step in plan.steps(progress) if not dry_run else ():
            step(session)
        if dry_run and progress:
            progress(plan.report.added + plan.report.updated + plan.report.unchanged)
    return [plan.report for plan in plans]


def plan_import(session: Session, decks: Sequence[Deck], *, now: datetime, options: ImportOptions) -> list[ImportPlan]:
    """Read storage and decide every change; raises ImportRefused listing every guard that stopped it."""
    plans = [_plan(session, deck, now=now, options=options) for deck in decks]
    problems = [
        problem for deck, plan in zip(decks, plans, strict=True) for problem in _guard(session, deck, plan, options)
    ]
    if problems:
        raise ImportRefused(problems)
    return plans


def _plan(session: Session, deck: Deck, *, now: datetime, options: ImportOptions) -> ImportPlan:
    plan = ImportPlan(DeckReport(deck.id))
    new_hash = deck_hash(deck)
    stored = session.execute(select(DeckRow.content_hash, DeckRow.source_file).where(DeckRow.id == deck.id)).first()
    existing = session.execute(
        select(Card.id, Card.key, Card.content_hash, Card.position, Card.retired).where(Card.deck_id == deck.id)
    ).all()
    file = source_file(deck)
    leftovers = options.prune and any(row.retired for row in existing)
    if stored is not None and stored.content_hash == new_hash and stored.source_file == file and not leftovers:
        plan.report.unchanged = sum(1 for row in existing if not row.retired)
        return plan
    plan.deck_row = {
        "id": deck.id,
        "title": deck.title,
        "description": deck.description,
        "sources": _sources(deck),
        "content_hash": new_hash,
        "updated_at": now,
        "source_file": file,
    }
    by_key = {row.key: row for row in existing}
    for position, card in enumerate(deck.cards):
        digest, row = card_hash(card), by_key.pop(card.id, None)
        values = {
            "kind": card.type,
            "position": position,
            "content": card.model_dump(mode="json"),
            "content_hash": digest,
            "retired": False,
        }
        if row is None:
            plan.inserts.append({"deck_id": deck.id, "key": card.id, **values})
            plan.report.added += 1
        elif row.content_hash != digest or row.position != position or row.retired:
            if row.content_hash != digest:
                plan.reworded.append(row.id)
            plan.updates.append({"id": row.id, **values})
            plan.report.updated += 1
            plan.report.updated_ids.append(card.id)
        else:
            plan.report.unchanged += 1
    for row in by_key.values():
        if options.prune:
            plan.to_delete.append(row.id)
            plan.report.deleted_ids.append(row.key)
        elif not row.retired:
            plan.to_retire.append(row.id)
            plan.report.retired_ids.append(row.key)
    plan.report.deleted, plan.report.retired = len(plan.to_delete), len(plan.to_retire)
    return plan


def _guard(session: Session, deck: Deck, plan: ImportPlan, options: ImportOptions) -> list[str]:
    problems = []
    if (problem := ownership_problem(session, deck, take_over=options.take_over)) is not None:
        problems.append(problem)
    if plan.to_delete:
        reviews, learners = history_of(session, plan.to_delete)
        plan.report.deleted_reviews, plan.report.deleted_learners = reviews, learners
        if (reviews or learners) and not options.delete_reviews:
            problems.append(prune_problem(deck, plan.report.deleted_ids, reviews, learners))
    return problems


def _write_deck(row: dict[str, Any], session: Session) -> None:
    if session.get(DeckRow, row["id"]) is None:
        session.execute(insert(DeckRow), [{**row, "created_at": row["updated_at"]}])
    else:
        session.execute(update(DeckRow), [row])


def _write_cards(statement: Any, rows: list[dict[str, Any]], progress: Progress | None, session: Session) -> None:
    session.execute(statement, rows)
    if progress:
        progress(len(rows))


def _finish(plan: ImportPlan, progress: Progress | None, session: Session) -> None:
    assert plan.deck_row is not None
    if plan.to_retire:
        session.execute(update(Card).where(Card.id.in_(plan.to_retire)).values(retired=True))
    if plan.to_delete:
        session.execute(delete(Card).where(Card.id.in_(plan.to_delete)))
    if changed := plan.reworded + plan.to_retire:  # a question asked from the card as it was: asked again
        expired = update(PendingPrompt).where(PendingPrompt.card_id.in_(changed))
        session.execute(expired.values(expires_at=plan.deck_row["updated_at"]))
    deck_id = plan.deck_row["id"]
    # positions may have moved and retired cards returned: new-card searches start over
    session.execute(update(Subscription).where(Subscription.deck_id == deck_id).values(new_cursor=0))
    session.execute(update(DeckRow).where(DeckRow.id == deck_id).values(content_hash=plan.deck_row["content_hash"]))
    if progress:
        progress(plan.report.unchanged)
