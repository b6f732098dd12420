"""Spaced repetition through `fsrs`: review(memory, rating, now) → new memory. Pure: time, randomness
and the learner's FSRS parameters (the defaults until their own are fitted) come from the caller.

fsrs fuzzes intervals with the global `random`; we run its scheduler with fuzzing off and apply the
same kind of fuzz (a small spread that widens with the interval), seeded by the prompt's nonce and the
rating, so that a grade button can show the very interval that pressing it applies.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import lru_cache
from random import Random

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler, State

from studybot.srs.memory import LEECH_LAPSES, Memory, Rating

Parameters = tuple[float, ...]
DEFAULT_PARAMETERS: Parameters = tuple(Scheduler().parameters)

MIN_RETENTION, MAX_RETENTION = 0.70, 0.97
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
MAXIMUM_INTERVAL_DAYS = 36500
# (from days, to days, share of the interval): fuzz grows with the interval, as FSRS specifies it.
_FUZZ_BANDS = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, float("inf"), 0.05))


@lru_cache(maxsize=256)
def _scheduler(retention: float, parameters: Parameters) -> Scheduler:
    return Scheduler(
        parameters=parameters,
        desired_retention=retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def check_retention(retention: float) -> float:
    if not MIN_RETENTION <= retention <= MAX_RETENTION:
        raise ValueError(f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}")
    return round(retention, 2)


class Srs:
    """Schedules reviews. Fuzz is on when a review names a `seed` or the scheduler has an `rng`;
    `Srs(None)` without seeds is plain FSRS (golden-value tests)."""

    def __init__(self, rng: Random | None) -> None:
        self._rng = rng

    def review(
        self,
        memory: Memory | None,
        rating: Rating,
        now: datetime,
        retention: float = 0.9,
        seed: str | None = None,
        parameters: Parameters = DEFAULT_PARAMETERS,
    ) -> Memory:
        _require_utc(now)
        retention, seed = check_retention(retention), self._seed(seed)
        if seed is None:
            return _plain(memory, now, retention, tuple(parameters))[rating]
        return _seeded(memory, now, retention, seed, tuple(parameters)).up_to(rating)[rating]

    def preview(
        self,
        memory: Memory | None,
        now: datetime,
        retention: float = 0.9,
        seed: str | None = None,
        parameters: Parameters = DEFAULT_PARAMETERS,
    ) -> dict[Rating, timedelta]:
        """The interval each rating gives: with the same `seed`, exactly what `review` applies."""
        outcomes = self.outcomes(memory, now, retention, seed, parameters)
        return {rating: after.due - now for rating, after in outcomes.items()}

    def outcomes(
        self,
        memory: Memory | None,
        now: datetime,
        retention: float = 0.9,
        seed: str | None = None,
        parameters: Parameters = DEFAULT_PARAMETERS,
    ) -> dict[Rating, Memory]:
        """What each rating would make of `memory`. The fuzz of each rating comes from `seed` (a prompt's
        nonce) and the rating alone, so the intervals on the buttons are the ones applied; intervals then
        rise strictly from Again to Easy, as in Anki (plain FSRS lets Hard reach Good)."""
        _require_utc(now)
        retention = check_retention(retention)
        seed = self._seed(seed)
        if seed is None:
            return _plain(memory, now, retention, tuple(parameters))
        return dict(_seeded(memory, now, retention, seed, tuple(parameters)).up_to(Rating.EASY))

    def _seed(self, seed: str | None) -> str | None:
        return f"{self._rng.random()}" if seed is None and self._rng is not None else seed


def _plain(memory: Memory | None, now: datetime, retention: float, parameters: Parameters) -> dict[Rating, Memory]:
    scheduler = _scheduler(retention, parameters)
    return {rating: _reviewed(scheduler, memory, rating, now) for rating in Rating}


# Pure in its arguments, and asked the same question more than once per answer: the grade buttons show
# it, the grade checks the buttons still say it, and the review applies it.
@lru_cache(maxsize=1024)  # a few hundred bytes each
def _seeded(memory: Memory | None, now: datetime, retention: float, seed: str, parameters: Parameters) -> _Fuzzed:
    return _Fuzzed(memory, now, _scheduler(retention, parameters), seed)


class _Fuzzed:
    """`_plain`, fuzzed: each rating's spread comes from `seed` and the rating alone. A rating's outcome is
    worked out when first asked for, with the ratings below it (which bound it) and none above: a graded
    answer needs one rating, the grade buttons all four."""

    def __init__(self, memory: Memory | None, now: datetime, scheduler: Scheduler, seed: str) -> None:
        self._memory, self._now, self._scheduler, self._seed = memory, now, scheduler, seed
        self._done: dict[Rating, Memory] = {}

    def up_to(self, last: Rating) -> dict[Rating, Memory]:
        """Every rating's outcome from Again to `last` (and any worked out before). Threads asking at once
        work out the same values, so a race only repeats work."""
        for rating in Rating:
            if rating > last:
                break
            if rating not in self._done:
                self._done[rating] = self._outcome(rating)
        return self._done

    def _outcome(self, rating: Rating) -> Memory:
        plain = _reviewed(self._scheduler, self._memory, rating, self._now)
        after = _fuzzed(plain, self._now, f"{self._seed}:{int(rating)}")
        if rating == Rating.AGAIN:
            return after
        floor = self._done[Rating(rating - 1)].due  # intervals rise strictly from Again to Easy, as in Anki
        if after.due > floor:
            return after
        step = timedelta(days=1) if after.state == State.Review else timedelta(minutes=1)
        return replace(after, due=floor + step)


def _reviewed(scheduler: Scheduler, memory: Memory | None, rating: Rating, now: datetime) -> Memory:
    card = _to_fsrs(memory, now)
    reviewed, _log = scheduler.review_card(card, FsrsRating(rating), now)
    lapsed = memory is not None and memory.state == State.Review and rating == Rating.AGAIN
    lapses = (memory.lapses if memory else 0) + int(lapsed)
    return Memory(
        state=int(reviewed.state),
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=reviewed.due,
        last_review=now,
        reps=(memory.reps if memory else 0) + 1,
        lapses=lapses,
        suspended=(memory.suspended if memory else False) or lapses >= LEECH_LAPSES,
    )


def _fuzzed(after: Memory, now: datetime, spread_seed: str) -> Memory:
    """A review interval spread a little (more for longer ones), as FSRS specifies; steps are exact."""
    days = (after.due - now) / timedelta(days=1)
    if after.state != State.Review or days < 2.5:
        return after
    rng = Random(spread_seed)  # noqa: S311 - fuzz, not secrets; seeded only when used (seeding costs ~4 µs)
    spread = 1.0 + sum(share * max(min(days, hi) - lo, 0.0) for lo, hi, share in _FUZZ_BANDS)
    low = max(2, round(days - spread))
    high = min(round(days + spread), MAXIMUM_INTERVAL_DAYS)
    return replace(after, due=now + timedelta(days=rng.randint(low, max(low, high))))


def _to_fsrs(memory: Memory | None, now: datetime) -> FsrsCard:
    if memory is None:
        return FsrsCard(card_id=1, state=State.Learning, step=0, due=now)
    return FsrsCard(
        card_id=1,
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )


def _require_utc(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("review times must be timezone-aware UTC")
