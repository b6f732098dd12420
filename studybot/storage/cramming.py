"""Which cards a `/cram DECK` session practises, and in what order. Reads only; cram writes no card state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from studybot.srs import Rating
from studybot.storage.models import Card, CardState, ReviewLog


@dataclass(frozen=True)
class CramSet:
    """The cards to practise: those whose latest scheduled review was Again, else every card seen."""

    card_ids: tuple[int, ...]  # in deck order
    missed: bool  # True: the missed cards; False: every seen card (none was missed)


def cram_set(session: Session, user_id: int, deck_id: str) -> CramSet:
    seen = (
        select(Card.id)
        .join(CardState, and_(CardState.card_id == Card.id, CardState.user_id == user_id))
        .where(Card.deck_id == deck_id, Card.retired.is_(False))
        .order_by(Card.position)
    )
    latest = (
        select(ReviewLog.card_id, func.max(ReviewLog.id).label("log_id"))
        .where(ReviewLog.user_id == user_id, ReviewLog.cram.is_(False))
        .group_by(ReviewLog.card_id)
        .subquery()
    )
    missed = (
        seen.join(latest, latest.c.card_id == Card.id)
        .join(ReviewLog, ReviewLog.id == latest.c.log_id)
        .where(ReviewLog.rating == int(Rating.AGAIN))
    )
    wrong = tuple(session.scalars(missed).all())
    if wrong:
        return CramSet(wrong, missed=True)
    return CramSet(tuple(session.scalars(seen).all()), missed=False)


def next_card(
    session: Session, user_id: int, cards: CramSet, since: datetime, exclude: int | None = None
) -> int | None:
    """A loop over the set: the card answered least recently in this cram (never answered first, in deck
    order). `exclude`: a card just set aside, not to be asked again at once if another is there."""
    answered = (
        select(ReviewLog.card_id, func.max(ReviewLog.id))
        .where(
            ReviewLog.user_id == user_id,
            ReviewLog.cram.is_(True),
            ReviewLog.reviewed_at >= since,
            ReviewLog.card_id.in_(cards.card_ids),
        )
        .group_by(ReviewLog.card_id)
    )
    last: dict[int, int] = dict(session.execute(answered).all())
    order = {card_id: position for position, card_id in enumerate(cards.card_ids)}
    candidates = [card_id for card_id in cards.card_ids if card_id != exclude] or list(cards.card_ids)
    return min(candidates, key=lambda c: (last.get(c, 0), order[c]), default=None)


def cram_tally(session: Session, user_id: int, since: datetime) -> tuple[int, int]:
    """Cram answers since `since`, and how many of them were right (a self-grade other than Again)."""
    right = func.sum(case((ReviewLog.rating != int(Rating.AGAIN), 1), else_=0))
    query = select(func.count(), right).where(
        ReviewLog.user_id == user_id, ReviewLog.cram.is_(True), ReviewLog.reviewed_at >= since
    )
    total, good = session.execute(query).one()
    return int(total or 0), int(good or 0)
