"""FSRS through our wrapper: golden interval histories (fuzz off), injected fuzz, lapses and leeches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

import pytest

from studybot.srs import LEECH_LAPSES, Memory, Rating, Srs, check_retention

START = datetime(2026, 1, 1, tzinfo=UTC)


def history(srs: Srs, ratings: list[Rating], retention: float = 0.9) -> list[float]:
    """Days until due after each review, reviewing every time the card comes due."""
    memory, now, days = None, START, []
    for rating in ratings:
        memory = srs.review(memory, rating, now, retention)
        days.append(round((memory.due - now) / timedelta(days=1), 4))
        now = memory.due
    return days


def test_golden_history_all_good() -> None:
    assert history(Srs(None), [Rating.GOOD] * 8) == [0.0069, 2.0, 11.0, 46.0, 163.0, 498.0, 1348.0, 3299.0]


def test_golden_history_with_a_lapse() -> None:
    ratings = [Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.EASY]
    # relearning step (10 min) after the lapse, then a much shorter interval than before it
    assert history(Srs(None), ratings) == [0.0069, 2.0, 11.0, 0.0069, 2.0, 5.0, 19.0]


def test_higher_retention_means_shorter_intervals() -> None:
    assert history(Srs(None), [Rating.GOOD] * 5, retention=0.97)[-1] < history(Srs(None), [Rating.GOOD] * 5)[-1]


def test_fuzz_is_reproducible_from_the_injected_random_and_stays_near_the_plain_interval() -> None:
    ratings = [Rating.GOOD] * 8
    plain = history(Srs(None), ratings)
    first, second = history(Srs(Random(3)), ratings), history(Srs(Random(3)), ratings)
    assert first == second
    assert first != plain
    for fuzzed, exact in zip(history(Srs(Random(4)), [Rating.GOOD] * 3), plain[:3], strict=True):
        assert abs(fuzzed - exact) <= 1.0 + 0.15 * exact  # FSRS's spread: 1 day + 15 % at most


def test_lapses_count_only_forgotten_review_cards_and_eight_make_a_leech() -> None:
    srs, now = Srs(None), START
    memory = srs.review(None, Rating.AGAIN, now)  # learning, not a lapse
    assert memory.lapses == 0
    for expected in range(1, LEECH_LAPSES + 1):
        while memory.state != 2:  # back to Review
            memory = srs.review(memory, Rating.GOOD, memory.due)
        memory = srs.review(memory, Rating.AGAIN, memory.due)
        assert memory.lapses == expected
    assert memory.suspended
    assert memory.is_leech


def test_memory_round_trips_through_json() -> None:
    memory = Srs(None).review(None, Rating.GOOD, START)
    assert Memory.from_json(memory.to_json()) == memory


def test_preview_shows_each_ratings_interval() -> None:
    assert Srs(None).preview(None, START) == {
        Rating.AGAIN: timedelta(minutes=1),
        Rating.HARD: timedelta(minutes=5, seconds=30),
        Rating.GOOD: timedelta(minutes=10),
        Rating.EASY: timedelta(days=8),
    }


def test_naive_or_non_utc_times_are_refused() -> None:
    with pytest.raises(ValueError, match="UTC"):
        Srs(None).review(None, Rating.GOOD, datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="retention"):
        check_retention(0.5)


def _random_memory(rng: Random) -> tuple[Memory | None, datetime]:
    """A card after a random history of reviews, each taken at its due time or a bit late."""
    srs, memory, now = Srs(None), None, START
    for _ in range(rng.randint(0, 12)):
        memory = srs.review(memory, rng.choice(list(Rating)), now)
        now = memory.due + timedelta(hours=rng.uniform(0, 24 * rng.choice([0, 1, 5, 30])))
    return memory, now


def test_the_interval_shown_is_the_interval_applied_and_they_rise_strictly() -> None:
    rng, srs = Random(2026), Srs(Random(5))
    differing_from_plain = 0
    for trial in range(1500):
        memory, now = _random_memory(rng)
        nonce = f"nonce{trial}"
        shown = srs.preview(memory, now, seed=nonce)
        for rating in Rating:
            assert srs.review(memory, rating, now, seed=nonce).due - now == shown[rating]
        intervals = [shown[rating] for rating in Rating]
        assert intervals == sorted(set(intervals)), (memory, intervals)
        differing_from_plain += shown != Srs(None).preview(memory, now)
    assert differing_from_plain > 300  # the fuzz is really there


def test_a_grade_applied_before_any_preview_is_the_interval_the_buttons_would_show() -> None:
    """An answered question grades one rating without showing the others first; it must still get the
    interval that rating's button shows (bounded by the ratings below it)."""
    rng, srs = Random(2027), Srs(Random(6))
    for trial in range(600):
        memory, now = _random_memory(rng)
        for rating in Rating:
            nonce = f"first{trial}:{int(rating)}"  # a seed never used before: the review comes first
            applied = srs.review(memory, rating, now, seed=nonce)
            assert applied == srs.outcomes(memory, now, seed=nonce)[rating]
            assert applied.due - now == srs.preview(memory, now, seed=nonce)[rating]


def test_the_fuzz_depends_on_the_seed() -> None:
    memory, now = None, START
    for _ in range(4):
        memory = Srs(None).review(memory, Rating.GOOD, now)
        now = memory.due
    shown = {Srs(None).preview(memory, now, seed=f"n{i}")[Rating.GOOD] for i in range(50)}
    assert len(shown) > 3
