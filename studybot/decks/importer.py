"""Validated decks → storage. Plans a diff by reading, then applies it in the caller's transaction.

Cards are keyed by (deck id, card id), so editing a card keeps every learner's history. A deck whose
content hash is unchanged is skipped without a single write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from studybot.decks.loader import Deck
from studybot.decks.schema import AnyCard
from studybot.storage.models import Card, Subscription
from studybot.storage.models import Deck as DeckRow

Progress = Callable[[int], None]
_CHUNK = 500


@dataclass
class DeckReport:
    deck: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.deck}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired"
        )
        return text + (f", {self.deleted} deleted" if self.deleted else "")


@dataclass
class _Plan:
    report: DeckReport
    deck_row: dict[str, Any] | None = None
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    to_retire: list[int] = field(default_factory=list)
    to_delete: list[int] = field(default_factory=list)


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
) -> list[DeckReport]:
    """Bring storage in line with `decks`; returns one report per deck. Writes nothing when dry_run."""
    reports = []
    for deck in decks:
        plan = _plan(session, deck, now=now, prune=prune)
        if not dry_run:
            _apply(session, plan, progress)
        elif progress:
            progress(len(deck.cards))
        reports.append(plan.report)
    return reports


def _plan(session: Session, deck: Deck, *, now: datetime, prune: bool) -> _Plan:
    plan = _Plan(DeckReport(deck.id))
    new_hash = deck_hash(deck)
    old_hash = session.scalar(select(DeckRow.content_hash).where(DeckRow.id == deck.id))
    existing = (
        session.execute(
            select(Card.id, Card.key, Card.content_hash, Card.position, Card.retired).where(Card.deck_id == deck.id)
        )
    ).all()
    leftovers = prune and any(row.retired for row in existing)
    if old_hash == new_hash and not leftovers:
        plan.report.unchanged = sum(1 for row in existing if not row.retired)
        return plan
    plan.deck_row = {
        "id": deck.id,
        "title": deck.title,
        "description": deck.description,
        "sources": _sources(deck),
        "content_hash": new_hash,
        "updated_at": now,
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
            plan.updates.append({"id": row.id, **values})
            plan.report.updated += 1
        else:
            plan.report.unchanged += 1
    for row in by_key.values():
        if prune:
            plan.to_delete.append(row.id)
            plan.report.deleted += 1
        elif not row.retired:
            plan.to_retire.append(row.id)
            plan.report.retired += 1
    return plan


def _apply(session: Session, plan: _Plan, progress: Progress | None) -> None:
    if plan.deck_row is not None:
        row = plan.deck_row
        if session.get(DeckRow, row["id"]) is None:
            session.execute(insert(DeckRow), [{**row, "created_at": row["updated_at"]}])
        else:
            session.execute(update(DeckRow), [row])
            # positions may have moved and retired cards returned: new-card searches start over
            session.execute(update(Subscription).where(Subscription.deck_id == row["id"]).values(new_cursor=0))
    for start in range(0, len(plan.inserts), _CHUNK):
        chunk = plan.inserts[start : start + _CHUNK]
        session.execute(insert(Card), chunk)
        if progress:
            progress(len(chunk))
    for start in range(0, len(plan.updates), _CHUNK):
        chunk = plan.updates[start : start + _CHUNK]
        session.execute(update(Card), chunk)
        if progress:
            progress(len(chunk))
    if plan.to_retire:
        session.execute(update(Card).where(Card.id.in_(plan.to_retire)).values(retired=True))
    if plan.to_delete:
        session.execute(delete(Card).where(Card.id.in_(plan.to_delete)))
    if progress:
        progress(plan.report.unchanged)
