"""The next card of one deck, for a learner studying that deck for now (`/quiz DECK`).

Like storage/queue.py, with the deck fixed: due learning steps, then due reviews (most overdue first), then
the first unseen card from the subscription's new-card cursor; nothing once the deck is unsubscribed.
Statements are built once, with bound parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, and_, bindparam, exists, false, func, literal, select
from sqlalchemy.orm import Session

from studybot.storage.models import BuriedCard, Card, CardState, Subscription
from studybot.storage.queue import LEARNING

_UID: BindParameter[int] = bindparam("uid")
_NOW: BindParameter[datetime] = bindparam("now")
_DECK: BindParameter[str] = bindparam("deck")
_BURIED = exists().where(BuriedCard.user_id == _UID, BuriedCard.card_id == Card.id, BuriedCard.until > _NOW)
_SEEN = (  # OFFSET 0: see storage/queue.py
    select(literal(1)).where(CardState.user_id == _UID, CardState.card_id == Card.id).offset(0).exists()
)
_FIRST_DUE = (
    select(CardState.card_id)
    .join(Card, Card.id == CardState.card_id)
    .join(Subscription, and_(Subscription.user_id == _UID, Subscription.deck_id == Card.deck_id))
    .where(CardState.user_id == _UID, CardState.suspended == false(), CardState.due <= _NOW)
    .where(Card.deck_id == _DECK, Card.retired == false(), ~_BURIED)
    .order_by(CardState.due)
    .limit(1)
)
_MOST_OVERDUE = select(  # due learning steps first, as in storage/queue.py
    func.coalesce(_FIRST_DUE.where(LEARNING).scalar_subquery(), _FIRST_DUE.scalar_subquery())
)
_CURSOR = select(Subscription.new_cursor).where(and_(Subscription.user_id == _UID, Subscription.deck_id == _DECK))
_FIRST_NEW = (
    select(Card.id)
    .where(Card.deck_id == _DECK, Card.retired == false(), Card.position >= bindparam("pos"), ~_SEEN, ~_BURIED)
    .order_by(Card.position)
    .limit(1)
)


def next_in_deck(session: Session, user_id: int, deck_id: str, now: datetime, *, new_allowed: bool) -> int | None:
    params: dict[str, Any] = {"uid": user_id, "now": now, "deck": deck_id}
    conn = session.connection()
    card_id: int | None = conn.scalar(_MOST_OVERDUE, params)
    if card_id is not None or not new_allowed:
        return card_id
    position = conn.scalar(_CURSOR, params)
    if position is None:  # no longer subscribed to the deck: nothing to ask from it
        return None
    return conn.scalar(_FIRST_NEW, {**params, "pos": position})
