"""Which card a learner sees next, and how many are waiting. These are the hot queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from studybot.storage.models import BuriedCard, Card, CardState, ReviewLog, Subscription


def _not_buried(user_id: int, card_id: InstrumentedAttribute[int], now: datetime) -> ColumnElement[bool]:
    return ~exists().where(BuriedCard.user_id == user_id, BuriedCard.card_id == card_id, BuriedCard.until > now)


def _subscribed(user_id: int) -> ColumnElement[bool]:
    return and_(Subscription.user_id == user_id, Subscription.deck_id == Card.deck_id)


async def most_overdue(session: AsyncSession, user_id: int, now: datetime) -> int | None:
    """The due card of a subscribed deck with the oldest due time."""
    query = (
        select(CardState.card_id)
        .join(Card, Card.id == CardState.card_id)
        .join(Subscription, _subscribed(user_id))
        .where(
            CardState.user_id == user_id,
            CardState.suspended.is_(False),
            CardState.due <= now,
            Card.retired.is_(False),
            _not_buried(user_id, CardState.card_id, now),
        )
        .order_by(CardState.due)
        .limit(1)
    )
    return await session.scalar(query)


async def first_new(session: AsyncSession, user_id: int, now: datetime) -> int | None:
    """The earliest unseen card of each subscribed deck; the lowest position wins, so decks interleave."""
    decks = (await session.scalars(select(Subscription.deck_id).where(Subscription.user_id == user_id))).all()
    best: tuple[int, str, int] | None = None
    for deck_id in decks:
        query = (
            select(Card.position, Card.id)
            .where(
                Card.deck_id == deck_id,
                Card.retired.is_(False),
                ~exists().where(CardState.user_id == user_id, CardState.card_id == Card.id),
                _not_buried(user_id, Card.id, now),
            )
            .order_by(Card.position)
            .limit(1)
        )
        row = (await session.execute(query)).first()
        if row is not None and (best is None or (row.position, deck_id) < best[:2]):
            best = (row.position, deck_id, row.id)
    return best[2] if best else None


async def due_count(session: AsyncSession, user_id: int, before: datetime) -> int:
    query = (
        select(func.count())
        .select_from(CardState)
        .join(Card, Card.id == CardState.card_id)
        .join(Subscription, _subscribed(user_id))
        .where(
            CardState.user_id == user_id,
            CardState.suspended.is_(False),
            CardState.due <= before,
            Card.retired.is_(False),
        )
    )
    return int(await session.scalar(query) or 0)


async def unseen_count(session: AsyncSession, user_id: int) -> int:
    query = (
        select(func.count())
        .select_from(Card)
        .join(Subscription, _subscribed(user_id))
        .where(
            Card.retired.is_(False),
            ~exists().where(CardState.user_id == user_id, CardState.card_id == Card.id),
        )
    )
    return int(await session.scalar(query) or 0)


async def new_seen_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    """New cards introduced since `since` (the learner's local midnight): the daily new-card count."""
    query = select(func.count()).where(
        ReviewLog.user_id == user_id, ReviewLog.was_new.is_(True), ReviewLog.reviewed_at >= since
    )
    return int(await session.scalar(query) or 0)
