"""Recomputing a card's memory from its history under new parameters, as Anki does after optimizing:
every review is applied again, in order, with its own rating, time and fuzz seed, so the stored state,
the intervals shown on the next buttons and those applied all come from the same parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studybot.srs.scheduling import Memory, Parameters, Rating, Srs


@dataclass(frozen=True)
class PastReview:
    nonce: str
    rating: int
    reviewed_at: datetime


def replay(srs: Srs, history: Sequence[PastReview], retention: float, parameters: Parameters) -> list[Memory]:
    """The memory after each review of `history` (oldest first); the one before review i is entry i-1."""
    memories: list[Memory] = []
    memory: Memory | None = None
    for review in history:
        memory = srs.review(memory, Rating(review.rating), review.reviewed_at, retention, review.nonce, parameters)
        memories.append(memory)
    return memories
