"""Card memory, review logs, pending prompts and buried cards: the rows an answer touches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from studybot.srs import Memory
from studybot.storage.models import BuriedCard, CardState, PendingPrompt, ReviewLog

_MEMORY_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
)


async def load_memory(session: AsyncSession, user_id: int, card_id: int) -> Memory | None:
    row = await session.get(CardState, (user_id, card_id))
    return None if row is None else Memory(**{f: getattr(row, f) for f in _MEMORY_FIELDS})


async def save_memory(session: AsyncSession, user_id: int, card_id: int, memory: Memory | None) -> None:
    """Store `memory`; None removes the row (the card becomes new again, as after undoing its first review)."""
    row = await session.get(CardState, (user_id, card_id))
    if memory is None:
        if row is not None:
            await session.delete(row)
    elif row is None:
        session.add(CardState(user_id=user_id, card_id=card_id, **{f: getattr(memory, f) for f in _MEMORY_FIELDS}))
    else:
        for name in _MEMORY_FIELDS:
            setattr(row, name, getattr(memory, name))
    await session.flush()


async def last_review(session: AsyncSession, user_id: int) -> ReviewLog | None:
    query = select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.id.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()


async def get_pending(session: AsyncSession, user_id: int) -> PendingPrompt | None:
    return await session.get(PendingPrompt, user_id)


async def put_pending(session: AsyncSession, pending: PendingPrompt) -> None:
    """Make `pending` the learner's one open question, replacing any older one."""
    await session.execute(delete(PendingPrompt).where(PendingPrompt.user_id == pending.user_id))
    session.add(pending)
    await session.flush()


async def claim_pending(session: AsyncSession, user_id: int, nonce: str) -> PendingPrompt | None:
    """Delete and return the open question if `nonce` is still its nonce: only one answer can win."""
    query = (
        delete(PendingPrompt)
        .where(PendingPrompt.user_id == user_id, PendingPrompt.nonce == nonce)
        .returning(PendingPrompt)
    )
    return (await session.execute(query)).scalars().first()


async def drop_pending(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(PendingPrompt).where(PendingPrompt.user_id == user_id))


async def bury(session: AsyncSession, user_id: int, card_id: int, until: datetime) -> None:
    row = await session.get(BuriedCard, (user_id, card_id))
    if row is None:
        session.add(BuriedCard(user_id=user_id, card_id=card_id, until=until))
    else:
        row.until = until
    await session.flush()


async def reviews_since(session: AsyncSession, user_id: int, since: datetime) -> Sequence[ReviewLog]:
    query = select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= since)
    return (await session.scalars(query)).all()
