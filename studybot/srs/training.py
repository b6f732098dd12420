"""A learner's review log as the FSRS optimizer's training data, counted as Anki counts it.

Only the first review of a card on each of the learner's local days counts (later ones the same day are
re-learning, not a test of memory after a delay); the caller passes only counted answers (see
`storage.fsrs_params.COUNTED`: no cram, no challenge, and undone answers are no longer in the log).
Each card's history is a list of (rating, days since the previous counted review; 0 for the first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from fsrs_rs_python import FSRSItem, FSRSReview

from studybot import zones

FIRST_FIT_REVIEWS = 64  # the first fit; later ones when the count has doubled since the last try

CardHistory = tuple[tuple[int, int], ...]  # (rating, days since the previous counted review)


@dataclass(frozen=True)
class LoggedAnswer:
    card_id: int
    reviewed_at: datetime
    rating: int


def histories(answers: Iterable[LoggedAnswer], timezone: str) -> list[CardHistory]:
    """Per card, its counted reviews oldest first (`answers` in any order)."""
    zone = zones.zone(timezone)
    days: dict[int, dict[date, int]] = {}
    for answer in sorted(answers, key=lambda a: (a.reviewed_at, a.card_id)):
        day = answer.reviewed_at.astimezone(zone).date()
        days.setdefault(answer.card_id, {}).setdefault(day, answer.rating)  # the day's first answer
    result = []
    for per_day in days.values():
        previous: date | None = None
        history = []
        for day, rating in per_day.items():
            history.append((rating, 0 if previous is None else (day - previous).days))
            previous = day
        result.append(tuple(history))
    return result


def counted(cards: Iterable[CardHistory]) -> int:
    return sum(len(history) for history in cards)


def learnable(cards: Iterable[CardHistory]) -> bool:
    """Whether `cards` hold anything to fit on: a card's first review predicts nothing, so a fit needs a card
    reviewed on two days (fsrs-rs refuses a history of first reviews only)."""
    return any(len(history) > 1 for history in cards)


def items(cards: Iterable[CardHistory]) -> list[FSRSItem]:
    """One training item per review after a card's first: the history up to it, its rating the label."""
    result: list[FSRSItem] = []
    for history in cards:
        reviews = [FSRSReview(rating, delta) for rating, delta in history]
        result.extend(FSRSItem(reviews[: end + 1]) for end in range(1, len(reviews)))
    return result


def next_fit_at(last_try: int) -> int:
    """The counted reviews at which a learner is (re)fitted, given the count at their last try (0: never)."""
    return max(FIRST_FIT_REVIEWS, 2 * last_try)
