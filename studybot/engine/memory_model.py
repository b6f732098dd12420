"""A learner's memory model: trying a fit on their own reviews, keeping it only when it predicts those
reviews better, recomputing their cards when it is kept, and saying which model schedules them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from studybot.engine.turn import Turn
from studybot.srs import DEFAULT_PARAMETERS, Srs
from studybot.srs.fitting import FitJob, FitOutcome
from studybot.srs.replay import replay
from studybot.srs.training import counted, histories, learnable, next_fit_at
from studybot.storage import fsrs_params, reviews
from studybot.storage.fsrs_params import MemoryModel
from studybot.storage.models import User


def fit_job(session: Session, user_id: int, *, force: bool = False) -> FitJob | None:
    """The learner's fit job; the log to replay is read only when a fit is due (or `force`d)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    model = fsrs_params.load(session, user_id)
    cards = histories(fsrs_params.counted_answers(session, user_id), user.timezone)
    current = model.parameters if model is not None and model.parameters else DEFAULT_PARAMETERS
    due_at = next_fit_at(model.tried_reviews if model else 0)
    due = counted(cards) >= due_at and learnable(cards)
    reviews_by_card = fsrs_params.card_reviews(session, user_id) if force or due else {}
    tried = model.tried_reviews if model else 0
    return FitJob(user_id, cards, current, due_at, reviews_by_card, user.desired_retention, tried)


def apply_fit(session: Session, job: FitJob, outcome: FitOutcome, now: datetime) -> bool | None:
    """Record the try; if the fit predicts better than the learner's parameters, schedule with it from now
    on, each card's memory recomputed from its history (`outcome.memories`, computed off the database; a
    card answered or undone since the job was read is recomputed here). True when it was kept, False when
    it predicts no better.

    A fit tried meanwhile by another process (both read the learner at once) wins: this one was judged
    against parameters the learner may no longer have, and is dropped (None). Two runs over reviews tried
    before read the same `tried_reviews`, so the parameters are compared too."""
    result = outcome.result
    row = fsrs_params.locked_row(session, job.user_id)
    if row.tried_reviews != job.tried_before or fsrs_params.scheduling(row) != job.current:
        return None
    fsrs_params.save_try(session, job.user_id, result, kept=result.better, now=now)
    if not result.better:
        return False
    user = session.get(User, job.user_id)
    assert user is not None
    srs = Srs(None)
    previous: dict[int, dict[str, Any] | None] = {}
    for card_id, history in fsrs_params.card_reviews(session, job.user_id).items():
        memories = outcome.memories.get(card_id)
        if memories is None or job.reviews_by_card.get(card_id) != history or user.desired_retention != job.retention:
            memories = replay(srs, history, user.desired_retention, result.parameters)
        for review, before in zip(history, [None, *memories[:-1]], strict=True):
            previous[review.log_id] = before.to_json() if before else None
        reviews.save_memory(session, job.user_id, card_id, memories[-1])
    fsrs_params.set_previous(session, previous)
    return True


def stats_line(turn: Turn) -> str:
    model = turn.memory_model
    if model is not None and model.parameters:
        return describe(model, model.reviews)
    if not turn.settings.optimize:  # STUDYBOT_OPTIMIZE=off: no fit is coming
        return "Memory model: the defaults (this bot does not fit one to your reviews)"
    now = fsrs_params.counted_reviews(turn.session, turn.user.id, turn.user.timezone)
    return describe(model, now.reviews, learnable=now.learnable)


def describe(model: MemoryModel | None, reviews_now: int, *, learnable: bool = True) -> str:
    """The /stats line: whose model schedules the learner, and since when."""
    if model is not None and model.parameters and model.fitted_at is not None:
        when = f"{model.fitted_at.day} {model.fitted_at:%b}"
        gain = ""
        if model.log_loss is not None and model.default_log_loss:
            change = (model.log_loss - model.default_log_loss) / model.default_log_loss
            gain = f" (prediction error {'−' if change < 0 else '+'}{abs(change) * 100:.0f} %)"
        return f"Memory model: yours, fitted on {model.reviews:,} reviews on {when}{gain}"
    if model is not None and model.fitted_at is not None:  # kept once, but stored weights py-fsrs cannot take
        return (
            f"Memory model: the defaults; your fit of {model.fitted_at.day} {model.fitted_at:%b} could not be used,"
            f" and the next, at {next_fit_at(model.tried_reviews):,} reviews, replaces it (you have {reviews_now:,})"
        )
    if model is not None and model.tried_reviews:
        return (
            f"Memory model: the defaults, which predicted your {model.tried_reviews:,} reviews better than a fit did;"
            f" next try at {next_fit_at(model.tried_reviews):,} (you have {reviews_now:,})"
        )
    if reviews_now >= next_fit_at(0) and not learnable:  # a first day of new cards: nothing to fit on yet
        return (
            "Memory model: the defaults until you review a card again on a later day"
            f" (you have {reviews_now:,} reviews, each a card's first)"
        )
    return f"Memory model: the defaults until you have {next_fit_at(0)} reviews (you have {reviews_now:,})"
