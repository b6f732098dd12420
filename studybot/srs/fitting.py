"""Fitting a learner's FSRS parameters with fsrs-rs (no PyTorch) and judging them as Anki does: the fit
is kept only when its log loss on the learner's own history is lower than that of the parameters they
have now. Pure and synchronous: callers run it off the event loop (engine/fits.py) or in the CLI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fsrs_rs_python import FSRS

from studybot.srs.bounds import usable
from studybot.srs.memory import Memory
from studybot.srs.replay import CardReviews, replay_all
from studybot.srs.scheduling import DEFAULT_PARAMETERS, Parameters
from studybot.srs.training import CardHistory, counted, items, learnable


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse: float  # RMSE over bins, as Anki and the FSRS benchmark report it


@dataclass(frozen=True)
class FitResult:
    reviews: int  # counted reviews used
    defaults: Score
    current: Score  # the parameters the learner has now (the defaults before their first fit)
    fitted: Score
    parameters: Parameters

    @property
    def better(self) -> bool:
        return self.fitted.log_loss < self.current.log_loss


def score(parameters: Sequence[float], cards: Sequence[CardHistory]) -> Score:
    evaluation = FSRS(list(parameters)).evaluate(items(cards))
    return Score(log_loss=float(evaluation.log_loss), rmse=float(evaluation.rmse_bins))


def fit(cards: Sequence[CardHistory], current: Parameters = DEFAULT_PARAMETERS) -> FitResult:
    """Fit parameters to `cards` (counted histories) and score them beside the defaults and `current`.
    Holds the GIL for its whole run: call it in a worker process, never on the event loop's thread."""
    training = items(cards)
    fitted = usable(FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(training))
    defaults = score(DEFAULT_PARAMETERS, cards)
    now = defaults if tuple(current) == DEFAULT_PARAMETERS else score(current, cards)
    if fitted is None:  # not a number: no fit, never better than what the learner has
        return FitResult(counted(cards), defaults, now, Score(math.inf, math.inf), tuple(current))
    return FitResult(counted(cards), defaults, now, fitted=score(fitted, cards), parameters=fitted)


@dataclass(frozen=True)
class FitJob:
    """What a background fit needs, read in one short transaction; picklable for a worker process."""

    user_id: int
    cards: list[CardHistory]  # counted histories (training data)
    current: Parameters
    due_at: int  # counted reviews at which a fit is due
    reviews_by_card: CardReviews  # the log as replayed when a fit is kept
    retention: float
    tried_before: int = 0  # counted reviews at the learner's last fit tried, when the job was read

    @property
    def reviews(self) -> int:
        return counted(self.cards)

    @property
    def learnable(self) -> bool:
        return learnable(self.cards)

    @property
    def due(self) -> bool:
        return self.reviews >= self.due_at and self.learnable


@dataclass(frozen=True)
class FitOutcome:
    result: FitResult
    memories: dict[int, list[Memory]]  # per card, the memory after each review (empty when not kept)


def fit_and_replay(job: FitJob) -> FitOutcome:
    """Fit, and when the fit is better, recompute every card under it: the slow parts, off the database."""
    result = fit(job.cards, job.current)
    memories = replay_all(job.reviews_by_card, job.retention, result.parameters) if result.better else {}
    return FitOutcome(result, memories)
