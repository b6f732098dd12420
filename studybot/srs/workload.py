"""What a desired retention costs: expected answers per day over the next days and the share of cards
remembered at the end, on the learner's own cards and parameters (Anki's "Help Me Decide").

Cards not seen yet go through fsrs-rs's `simulate` (introduced at the learner's daily new-card limit).
Cards already reviewed cannot be handed to `simulate`, so each is followed here with the same binding's
`next_states`: first due when it is scheduled (changing the retention moves no due date), then when its
recall probability falls to the retention, recalled with that probability
(from a fixed seed, so a preview is the same every time it is asked), rescheduled by the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from random import Random

from fsrs_rs_python import FSRS, MemoryState, default_simulator_config, simulate

from studybot.srs.scheduling import Parameters

CHOICES = (0.80, 0.85, 0.90, 0.95)
DAYS = 30
SEED = 2026
SAMPLES = 2000  # card histories followed per retention (each reviewed card at least once, up to this many cards)


@dataclass(frozen=True)
class KnownCard:
    stability: float
    difficulty: float
    days_since_review: float
    days_until_due: float  # as scheduled: a new desired retention applies from the card's next review on


@dataclass(frozen=True)
class Workload:
    retention: float
    answers_per_day: float
    remembered: float  # share of the cards studied by the end that are expected to be remembered then
    work_per_card: float  # answers per card remembered at the end: the figure the cheapest choice minimises


def workloads(parameters: Parameters, known: Sequence[KnownCard], new_cards: int, new_per_day: int) -> list[Workload]:
    return [_workload(r, parameters, known, new_cards, new_per_day) for r in CHOICES]


def _workload(
    retention: float, parameters: Parameters, known: Sequence[KnownCard], new_cards: int, new_per_day: int
) -> Workload:
    answers, remembered, cards = _known(retention, parameters, known)
    if new_cards and new_per_day:
        config = default_simulator_config()
        config.deck_size, config.learn_span, config.learn_limit = new_cards, DAYS, new_per_day
        config.max_cost_perday = float(24 * 3600)  # no time budget: the learner's limit is the new-card one
        result = simulate(list(parameters), retention, config, SEED)
        answers += sum(result.review_cnt_per_day) + sum(result.learn_cnt_per_day)
        remembered += result.memorized_cnt_per_day[-1]
        cards += sum(result.learn_cnt_per_day)
    share = remembered / cards if cards else 0.0
    return Workload(retention, answers / DAYS, share, answers / remembered if remembered else 0.0)


def _known(retention: float, parameters: Parameters, known: Sequence[KnownCard]) -> tuple[float, float, int]:
    """Expected answers over DAYS and cards remembered at the end, for the cards already reviewed."""
    if not known:
        return 0.0, 0.0, 0
    fsrs, rng = FSRS(list(parameters)), Random(SEED)  # noqa: S311 - a simulation, not a secret
    followed = known if len(known) <= SAMPLES else Random(SEED + 1).sample(list(known), SAMPLES)  # noqa: S311
    rounds = max(1, SAMPLES // len(followed))
    answers = remembered = 0.0
    for card in followed:
        for _ in range(rounds):
            done, kept = _follow(fsrs, rng, parameters, retention, card)
            answers += done / rounds
            remembered += kept / rounds
    scale = len(known) / len(followed)  # a learner with 100,000 cards: 2,000 of them stand for all
    return answers * scale, remembered * scale, len(known)


def _follow(fsrs: FSRS, rng: Random, parameters: Parameters, retention: float, card: KnownCard) -> tuple[int, float]:
    memory = MemoryState(card.stability, card.difficulty)
    last = -card.days_since_review
    day = max(0.0, card.days_until_due)
    answers = 0
    while day < DAYS:
        elapsed = max(0, round(day - last))
        recalled = rng.random() < recall(parameters, day - last, memory.stability)
        states = fsrs.next_states(memory, retention, elapsed)
        after = states.good if recalled else states.again
        memory, last, answers = after.memory, day, answers + 1
        day += max(1.0, round(after.interval))
    return answers, recall(parameters, DAYS - last, memory.stability)


def recall(parameters: Parameters, days: float, stability: float) -> float:
    """FSRS-6's forgetting curve: the probability of recalling a card `days` after its last review."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(days, 0.0) / stability) ** decay)
