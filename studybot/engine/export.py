"""A learner's review log as CSV, in the layout the FSRS optimizer reads (`python -m fsrs_optimizer FILE`).

Columns: card_id (our card's id), review_time (ms since the epoch, UTC), review_rating (1 Again … 4 Easy,
after any "I was right" or "easy"), review_state (the card's state *before* the review: 0 New,
1 Learning, 2 Review, 3 Relearning; empty if unknown), review_duration (ms from showing the card to the
answer, capped at MAX_DURATION_MS as Anki caps answer time, since a question may sit open for hours;
empty if unknown). Cram answers are left out: they changed no memory state, and the optimizer would
read them as scheduled reviews. Undone answers are not in the log at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot.engine.replies import Document, Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage.models import ReviewLog

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
NEW_STATE = 0  # the optimizer's "New"; fsrs 6 cards have no such state, we keep no memory for them
MAX_DURATION_MS = 60_000
NO_REVIEWS = "You have no reviews to export yet: answer some cards with /quiz first."


@dataclass(frozen=True)
class Revlog:
    csv: bytes
    reviews: int
    cards: int


def revlog(session: Session, user_id: int) -> Revlog:
    """Every scheduled review of the learner, oldest first, as the optimizer's CSV."""
    query = (
        select(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.was_new)
        .add_columns(ReviewLog.previous, ReviewLog.duration_ms)
        .where(ReviewLog.user_id == user_id, ReviewLog.cram.is_(False))
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    reviews, cards = 0, set()
    for row in session.execute(query):
        millis = int(row.reviewed_at.timestamp() * 1000)
        writer.writerow(
            (row.card_id, millis, row.rating, _state(row.was_new, row.previous), _duration(row.duration_ms))
        )
        reviews += 1
        cards.add(row.card_id)
    return Revlog(out.getvalue().encode(), reviews, len(cards))


def export(turn: Turn) -> Document | Notice:
    log = revlog(turn.session, turn.user.id)
    if not log.reviews:
        return Notice(NO_REVIEWS, Level.ERROR)
    caption = (
        f"Your review log: {count(log.reviews, 'review')} of {count(log.cards, 'card')}, in the FSRS optimizer's "
        "format (python -m fsrs_optimizer studybot-revlog.csv fits your own parameters; it asks your timezone: "
        f"{turn.user.timezone}). Cram answers are left out. {_parameters(turn)}"
    )
    return Document("studybot-revlog.csv", log.csv, "text/csv", caption)


def _parameters(turn: Turn) -> str:
    """The FSRS parameters the learner is scheduled with, to paste into Anki or an optimizer."""
    model = turn.memory_model
    whose = "your own" if model is not None and model.parameters else "the defaults (not fitted to you yet)"
    return f"FSRS parameters, {whose}: " + ", ".join(f"{w:.4f}" for w in turn.parameters)


def _state(was_new: bool, previous: dict[str, Any] | None) -> int | str:
    if was_new:
        return NEW_STATE
    state = (previous or {}).get("state")
    return state if isinstance(state, int) else ""


def _duration(millis: int | None) -> int | str:
    return "" if millis is None else min(max(millis, 0), MAX_DURATION_MS)
