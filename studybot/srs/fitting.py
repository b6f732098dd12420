"""Fitting a learner's FSRS parameters with fsrs-rs (no PyTorch) and judging them as Anki does: the fit
is kept only when its log loss on the learner's own history is lower than that of the parameters they
have now. Pure and synchronous: callers run it off the event loop (engine/fits.py) or in the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fsrs_rs_python import FSRS

from studybot.srs.scheduling import DEFAULT_PARAMETERS, Parameters
from studybot.srs.training import CardHistory, counted, items


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
    fitted = tuple(float(w) for w in FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(training))
    defaults = score(DEFAULT_PARAMETERS, cards)
    return FitResult(
        reviews=counted(cards),
        defaults=defaults,
        current=defaults if tuple(current) == DEFAULT_PARAMETERS else score(current, cards),
        fitted=score(fitted, cards),
        parameters=fitted,
    )
