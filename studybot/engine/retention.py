"""`/settings retention`: the workload each desired retention would give the learner, on their own cards
and memory model (srs/workload.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select

from studybot.engine.replies import RetentionChoice, RetentionPreview
from studybot.engine.turn import Turn
from studybot.srs.workload import DAYS, KnownCard, workloads
from studybot.storage import unseen
from studybot.storage.models import Card, CardState, Subscription

MAX_NEW_SIMULATED = 10_000


def preview(turn: Turn) -> RetentionPreview:
    known = _known_cards(turn)
    new_cards = unseen.unseen_count(turn.session, turn.user.id, turn.now, MAX_NEW_SIMULATED)
    results = workloads(turn.parameters, known, new_cards, turn.user.new_per_day)
    studied = [w for w in results if w.work_per_card > 0]
    cheapest = min(studied, key=lambda w: w.work_per_card).retention if studied else None
    choices = tuple(
        RetentionChoice(
            w.retention,
            w.answers_per_day,
            w.remembered,
            cheapest=w.retention == cheapest,
            current=round(turn.user.desired_retention, 2) == w.retention,
        )
        for w in results
    )
    model = turn.memory_model
    return RetentionPreview(choices, DAYS, own_model=model is not None and model.parameters is not None)


def _known_cards(turn: Turn) -> list[KnownCard]:
    """The learner's reviewed cards that will be asked: of decks they are subscribed to, as the queue's."""
    subscribed = and_(Subscription.user_id == CardState.user_id, Subscription.deck_id == Card.deck_id)
    query = (
        select(CardState.stability, CardState.difficulty, CardState.last_review, CardState.due)
        .join(Card, Card.id == CardState.card_id)
        .join(Subscription, subscribed)
        .where(
            CardState.user_id == turn.user.id,
            CardState.suspended.is_(False),
            Card.retired.is_(False),
            CardState.stability.is_not(None),
            CardState.last_review.is_not(None),
        )
    )
    return [
        KnownCard(row.stability, row.difficulty, _days(row.last_review, turn.now), _days(turn.now, row.due))
        for row in turn.session.execute(query)
    ]


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400
