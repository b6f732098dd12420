"""Keeping a learner's re-uploaded deck from growing without bound.

A re-upload retires the cards gone from the file and keeps their rows, so that nobody's history is
lost. A retired card that nobody ever studied has no history to keep: its row is given to one of
the upload's new cards instead of inserting another. So a deck's rows never exceed its live cards
(at most `upload_max_cards`) plus the retired cards somebody studied, however often new fronts are
uploaded. Rows are reused, not deleted: deleting a card makes the database look for its card states,
which have no index by card, once per card."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from studybot.decks.importer import ImportPlan
from studybot.storage.models import BuriedCard, Card, CardState, PendingPrompt, ReviewLog

HISTORY = (CardState, ReviewLog, PendingPrompt, BuriedCard)  # group challenges ask bundled decks only
BATCH = 1000  # ids per IN list


def reuse_unstudied_rows(session: Session, deck_id: str, plan: ImportPlan) -> int:
    """Turn as many of `plan`'s inserts as there are unstudied retired rows (or rows it is about to
    retire) into updates of those rows; returns how many."""
    if not plan.inserts:
        return 0
    retiring = set(plan.to_retire)
    query = select(Card.id).where(Card.deck_id == deck_id, or_(Card.retired.is_(True), Card.id.in_(retiring)))
    free = _unstudied(session, list(session.scalars(query.order_by(Card.id))), len(plan.inserts))
    reused: list[dict[str, Any]] = []
    for row_id, values in zip(free, plan.inserts, strict=False):
        reused.append({"id": row_id, **{k: v for k, v in values.items() if k != "deck_id"}})
    plan.inserts = plan.inserts[len(reused) :]
    plan.updates.extend(reused)
    taken = set(free)
    plan.to_retire = [row_id for row_id in plan.to_retire if row_id not in taken]
    return len(reused)


def _unstudied(session: Session, candidates: list[int], wanted: int) -> list[int]:
    found: list[int] = []
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        held: set[int] = set()
        for model in HISTORY:
            held.update(session.scalars(select(model.card_id).where(model.card_id.in_(batch))))
        found.extend(row_id for row_id in batch if row_id not in held)
        if len(found) >= wanted:
            break
    return found[:wanted]
