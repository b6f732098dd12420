"""Recomputing a card's memory from its history under new parameters, as Anki does after optimizing:
every review is applied again, in order, with its own rating, time and fuzz seed, so the stored state,
the intervals shown on the next buttons and those applied all come from the same parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studybot.srs.memory import Memory, Rating
from studybot.srs.scheduling import Parameters, Srs


@dataclass(frozen=True)
class PastReview:
    log_id: int
    nonce: str
    rating: int
    reviewed_at: datetime


CardReviews = Mapping[int, Sequence[PastReview]]  # card id → its counted reviews, oldest first


def replay(srs: Srs, history: Sequence[PastReview], retention: float, parameters: Parameters) -> list[Memory]:
    """The memory after each review of `history` (oldest first); the one before review i is entry i-1."""
    memories: list[Memory] = []
    memory: Memory | None = None
    for review in history:
        memory = srs.review(memory, Rating(review.rating), review.reviewed_at, retention, review.nonce, parameters)
        memories.append(memory)
    return memories


def replay_all(cards: CardReviews, retention: float, parameters: Parameters) -> dict[int, list[Memory]]:
    srs = Srs(None)  # every review names its seed: no other randomness
    return {card: replay(srs, history, retention, parameters) for card, history in cards.items()}
