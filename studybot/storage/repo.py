"""Queries about learners, decks and subscriptions. Every function runs in the caller's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from studybot.storage.models import Card, Deck, Subscription, User


async def get_or_create_user(
    session: AsyncSession, platform: str, external_id: str, *, defaults: dict[str, object], now: datetime
) -> User:
    """The learner's row, created on first contact. Safe when two first messages race."""
    user = await _find_user(session, platform, external_id)
    if user is not None:
        return user
    values = {"platform": platform, "external_id": external_id, "created_at": now, **defaults}
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(builder(User).values(values).on_conflict_do_nothing())
    user = await _find_user(session, platform, external_id)
    assert user is not None
    return user


async def _find_user(session: AsyncSession, platform: str, external_id: str) -> User | None:
    query = select(User).where(User.platform == platform, User.external_id == external_id)
    return (await session.execute(query)).scalar_one_or_none()


async def all_decks(session: AsyncSession) -> list[tuple[Deck, int]]:
    """Every deck with its number of live cards, by title."""
    live = (
        select(Card.deck_id, func.count().label("n")).where(Card.retired.is_(False)).group_by(Card.deck_id).subquery()
    )
    query = select(Deck, func.coalesce(live.c.n, 0)).outerjoin(live, live.c.deck_id == Deck.id).order_by(Deck.title)
    return [(deck, count) for deck, count in (await session.execute(query)).all()]


async def subscribed_deck_ids(session: AsyncSession, user_id: int) -> set[str]:
    query = select(Subscription.deck_id).where(Subscription.user_id == user_id)
    return set((await session.scalars(query)).all())


async def subscribe(session: AsyncSession, user_id: int, deck_id: str, now: datetime) -> bool:
    """True when this created the subscription."""
    if await session.get(Subscription, (user_id, deck_id)) is not None:
        return False
    session.add(Subscription(user_id=user_id, deck_id=deck_id, created_at=now))
    await session.flush()
    return True


async def unsubscribe(session: AsyncSession, user_id: int, deck_id: str) -> bool:
    result = await session.execute(
        delete(Subscription).where(Subscription.user_id == user_id, Subscription.deck_id == deck_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def find_deck(session: AsyncSession, name: str) -> Deck | None:
    """A deck by id, or by a title that matches case-insensitively."""
    deck = await session.get(Deck, name.strip().lower())
    if deck is not None:
        return deck
    query = select(Deck).where(func.lower(Deck.title) == name.strip().lower())
    return (await session.execute(query)).scalars().first()


async def deck_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Deck)) or 0)
