"""The retention preview on a large collection follows a sample of the learner's cards, not every one."""

from __future__ import annotations

from random import Random

from studybot.srs import DEFAULT_PARAMETERS
from studybot.srs.workload import SAMPLES, KnownCard, workloads


def known_cards(count: int, seed: int) -> list[KnownCard]:
    rng = Random(seed)
    cards = []
    for _ in range(count):
        stability = rng.uniform(1, 200)
        since = rng.uniform(0, stability)
        cards.append(KnownCard(stability, rng.uniform(2, 8), since, max(0.0, stability - since)))
    return cards


def test_a_collection_past_the_sample_is_estimated_from_it_at_its_own_scale() -> None:
    cards = known_cards(SAMPLES, seed=1)
    every_card_ten_times = [card for card in cards for _ in range(10)]
    small = workloads(DEFAULT_PARAMETERS, cards, 0, 0)
    large = workloads(DEFAULT_PARAMETERS, every_card_ten_times, 0, 0)
    for one, ten in zip(small, large, strict=True):
        assert 9.0 < ten.answers_per_day / one.answers_per_day < 11.0
        assert abs(ten.remembered - one.remembered) < 0.02
