"""A learner's memory model: trying a fit on their own reviews, keeping it only when it predicts those
reviews better, recomputing their cards when it is kept, and saying which model schedules them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from studybot.engine.turn import Turn
from studybot.srs import DEFAULT_PARAMETERS, Parameters, Srs
from studybot.srs.fitting import FitResult
from studybot.srs.replay import replay
from studybot.srs.training import CardHistory, counted, histories, next_fit_at
from studybot.storage import fsrs_params, reviews
from studybot.storage.fsrs_params import MemoryModel
from studybot.storage.models import User


@dataclass(frozen=True)
class FitJob:
    """What a fit needs, read in one short transaction: the learner's counted histories and parameters."""

    user_id: int
    cards: list[CardHistory]
    current: Parameters
    due_at: int  # counted reviews at which a fit is due

    @property
    def reviews(self) -> int:
        return counted(self.cards)

    @property
    def due(self) -> bool:
        return self.reviews >= self.due_at


def fit_job(session: Session, user_id: int) -> FitJob | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    model = fsrs_params.load(session, user_id)
    cards = histories(fsrs_params.counted_answers(session, user_id), user.timezone)
    current = model.parameters if model is not None and model.parameters else DEFAULT_PARAMETERS
    return FitJob(user_id, cards, current, next_fit_at(model.tried_reviews if model else 0))


def apply_fit(session: Session, user_id: int, srs: Srs, result: FitResult, now: datetime) -> bool:
    """Record the try; if the fit predicts better than the learner's parameters, schedule with it from now
    on and recompute every card of theirs from its history. True when it was kept."""
    fsrs_params.save_try(session, user_id, result, kept=result.better, now=now)
    if result.better:
        user = session.get(User, user_id)
        assert user is not None
        recompute_cards(session, user_id, srs, result.parameters, user.desired_retention)
    return result.better


def recompute_cards(session: Session, user_id: int, srs: Srs, parameters: Parameters, retention: float) -> None:
    """Each card's memory (and the state stored beside each review, which /undo restores) under `parameters`."""
    for card_id, logged in fsrs_params.card_histories(session, user_id).items():
        memories = replay(srs, [review for _id, review in logged], retention, parameters)
        for (log_id, _review), before in zip(logged, [None, *memories[:-1]], strict=True):
            fsrs_params.set_previous(session, log_id, before.to_json() if before else None)
        reviews.save_memory(session, user_id, card_id, memories[-1])


def stats_line(turn: Turn) -> str:
    model = turn.memory_model
    if model is not None and model.parameters:
        return describe(model, model.reviews)
    answers = fsrs_params.counted_answers(turn.session, turn.user.id)
    return describe(model, counted(histories(answers, turn.user.timezone)))


def describe(model: MemoryModel | None, reviews_now: int) -> str:
    """The /stats line: whose model schedules the learner, and since when."""
    if model is not None and model.parameters and model.fitted_at is not None:
        when = f"{model.fitted_at.day} {model.fitted_at:%b}"
        gain = ""
        if model.log_loss is not None and model.default_log_loss:
            change = (model.log_loss - model.default_log_loss) / model.default_log_loss
            gain = f" (prediction error {'−' if change < 0 else '+'}{abs(change) * 100:.0f} %)"
        return f"Memory model: yours, fitted on {model.reviews:,} reviews on {when}{gain}"
    if model is not None and model.tried_reviews:
        return (
            f"Memory model: the defaults, which predicted your {model.tried_reviews:,} reviews better than a fit did;"
            f" next try at {next_fit_at(model.tried_reviews):,} (you have {reviews_now:,})"
        )
    return f"Memory model: the defaults until you have {next_fit_at(0)} reviews (you have {reviews_now:,})"
