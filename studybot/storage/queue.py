"""Which card a learner sees next, and how many are waiting. These are the hot queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal, select
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
            CardState.suspended == false(),
            CardState.due <= now,
            Card.retired == false(),
            _not_buried(user_id, CardState.card_id, now),
        )
        .order_by(CardState.due)
        .limit(1)
    )
    return await session.scalar(query)


async def first_new(session: AsyncSession, user_id: int, now: datetime) -> int | None:
    """The earliest unseen card of each subscribed deck; the lowest position wins, so decks interleave.

    Each deck's search starts at its subscription's new-card cursor, and moves the cursor up to the
    first unseen card it finds (buried or not), so a learner deep into a deck costs no more than a new one.
    """
    subscriptions = (await session.scalars(select(Subscription).where(Subscription.user_id == user_id))).all()
    best: tuple[int, str, int] | None = None
    for sub in subscriptions:
        first = await _first_unseen(session, user_id, sub.deck_id, sub.new_cursor, now)
        if first is None:
            continue
        position, card_id, buried = first
        if position > sub.new_cursor:
            sub.new_cursor = position
        if buried:  # rare: look past the buried ones, without moving the cursor past them
            first = await _first_unseen(session, user_id, sub.deck_id, position, now, skip_buried=True)
            if first is None:
                continue
            position, card_id, _ = first
        if best is None or (position, sub.deck_id) < best[:2]:
            best = (position, sub.deck_id, card_id)
    return best[2] if best else None


async def _first_unseen(
    session: AsyncSession, user_id: int, deck_id: str, from_position: int, now: datetime, *, skip_buried: bool = False
) -> tuple[int, int, bool] | None:
    """(position, card id, buried now?) of the first live card at or after `from_position` that the
    learner has not seen; with `skip_buried`, the first one that is not buried."""
    buried = exists().where(BuriedCard.user_id == user_id, BuriedCard.card_id == Card.id, BuriedCard.until > now)
    query = (
        select(Card.position, Card.id, buried.label("buried"))
        .where(
            Card.deck_id == deck_id,
            Card.retired == false(),
            Card.position >= from_position,
            ~exists().where(CardState.user_id == user_id, CardState.card_id == Card.id),
        )
        .order_by(Card.position)
        .limit(1)
    )
    if skip_buried:
        query = query.where(~buried)
    row = (await session.execute(query)).first()
    return (row.position, row.id, bool(row.buried)) if row else None


async def rewind_new_cursor(session: AsyncSession, user_id: int, card_id: int) -> None:
    """A card became unseen again (its first review was undone): let the search find it again."""
    card = await session.get(Card, card_id)
    sub = await session.get(Subscription, (user_id, card.deck_id)) if card else None
    if card is not None and sub is not None and sub.new_cursor > card.position:
        sub.new_cursor = card.position


async def due_count(session: AsyncSession, user_id: int, before: datetime, cap: int | None = None) -> int:
    """Cards due before `before`; with `cap`, counting stops there (cheap enough for every prompt)."""
    query = (
        select(literal(1))
        .select_from(CardState)
        .join(Card, Card.id == CardState.card_id)
        .join(Subscription, _subscribed(user_id))
        .where(
            CardState.user_id == user_id,
            CardState.suspended == false(),
            CardState.due <= before,
            Card.retired == false(),
        )
    )
    return await _count(session, query, cap)


async def unseen_count(session: AsyncSession, user_id: int, cap: int | None = None) -> int:
    """Live cards of subscribed decks the learner has not seen (up to `cap`)."""
    query = (
        select(literal(1))
        .select_from(Card)
        .join(Subscription, _subscribed(user_id))
        .where(
            Card.retired == false(),
            Card.position >= Subscription.new_cursor,
            ~exists().where(CardState.user_id == user_id, CardState.card_id == Card.id),
        )
    )
    return await _count(session, query, cap)


async def _count(session: AsyncSession, query: Select[int], cap: int | None) -> int:
    if cap is not None:
        query = query.limit(cap)
    return int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)


async def new_seen_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    """New cards introduced since `since` (the learner's local midnight): the daily new-card count."""
    query = select(func.count()).where(
        ReviewLog.user_id == user_id, ReviewLog.was_new.is_(True), ReviewLog.reviewed_at >= since
    )
    return int(await session.scalar(query) or 0)
