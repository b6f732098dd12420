"""A synthetic learner whose memory follows known FSRS parameters, reviewed on the defaults' schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState

# A learner who forgets faster than the defaults assume (lower initial stabilities, steeper recall loss).
TRUE_PARAMETERS = (
    0.1,
    0.4,
    0.9,
    3.0,
    7.0,
    0.6,
    2.5,
    0.02,
    1.2,
    0.15,
    0.9,
    1.6,
    0.1,
    0.3,
    1.5,
    0.5,
    2.0,
    0.5,
    0.1,
    0.06,
    0.3,
)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Answer:
    card: int
    at: datetime
    rating: int


def recall_probability(parameters: tuple[float, ...] | list[float], days: float, stability: float) -> float:
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * days / stability) ** decay)


def learner_history(cards: int, reviews_per_card: int, seed: int = 7) -> list[Answer]:
    """Each card's reviews, one a day at most: recall drawn from TRUE_PARAMETERS, the next review
    scheduled by the defaults at 0.9 retention (as a bot on the defaults would schedule it)."""
    rng = Random(seed)
    truth, schedule = FSRS(list(TRUE_PARAMETERS)), FSRS(list(DEFAULT_PARAMETERS))
    answers: list[Answer] = []
    for card in range(1, cards + 1):
        at = START + timedelta(days=rng.randrange(30), minutes=card)
        real: MemoryState | None = None
        planned: MemoryState | None = None
        elapsed = 0
        for _ in range(reviews_per_card):
            recalled = real is not None and rng.random() < recall_probability(TRUE_PARAMETERS, elapsed, real.stability)
            rating = (3 if rng.random() < 0.85 else 4) if recalled else (1 if real is not None else rng.choice((1, 3)))
            answers.append(Answer(card, at, rating))
            real = _pick(truth.next_states(real, 0.9, elapsed), rating).memory
            step = _pick(schedule.next_states(planned, 0.9, elapsed), rating)
            planned = step.memory
            elapsed = max(1, round(step.interval))
            at += timedelta(days=elapsed)
    return sorted(answers, key=lambda answer: answer.at)


def _pick(states: object, rating: int) -> object:
    return getattr(states, ("again", "hard", "good", "easy")[rating - 1])
