"""A learner's FSRS parameters and the reviews they are fitted on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot import zones
from studybot.srs import DEFAULT_PARAMETERS, Parameters
from studybot.srs.bounds import usable
from studybot.srs.fitting import FitResult
from studybot.srs.replay import PastReview
from studybot.srs.training import LoggedAnswer
from studybot.storage.direct import Direct
from studybot.storage.models import FsrsParams, ReviewLog

# The one predicate for "this answer is a review of the learner's memory": cram practice (and, once they
# are logged, group challenge answers) are not; undone answers are deleted from the log.
COUNTED: ColumnElement[bool] = ReviewLog.cram.is_(False)


@dataclass(frozen=True)
class MemoryModel:
    parameters: Parameters | None  # None: the defaults
    fitted_at: datetime | None
    reviews: int
    log_loss: float | None
    default_log_loss: float | None
    tried_reviews: int


FIELDS = ("parameters", "fitted_at", "reviews", "log_loss", "default_log_loss", "tried_reviews")
COLUMNS = tuple(getattr(FsrsParams, name) for name in FIELDS)
_LOAD = Direct(select(*COLUMNS).where(FsrsParams.user_id == bindparam("uid")))


def load(session: Session, user_id: int) -> MemoryModel | None:
    row = _LOAD.first(session, {"uid": user_id})
    return None if row is None else from_values(tuple(row))


def from_values(values: tuple[Any, ...]) -> MemoryModel | None:
    """The model from the values of COLUMNS, in order; None when they are all NULL (an outer join found no row)."""
    params, fitted_at, reviews, log_loss, default_log_loss, tried_reviews = values
    if tried_reviews is None:  # never NULL in a row
        return None
    parameters = usable(params) if params else None  # a model that cannot be used schedules with the defaults
    return MemoryModel(parameters, fitted_at, reviews, log_loss, default_log_loss, tried_reviews)


def counted_answers(session: Session, user_id: int) -> list[LoggedAnswer]:
    query = select(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating).where(
        ReviewLog.user_id == user_id, COUNTED
    )
    return [LoggedAnswer(row.card_id, row.reviewed_at, row.rating) for row in session.execute(query)]


_COUNTED_TIMES = Direct(
    select(ReviewLog.card_id, ReviewLog.reviewed_at).where(ReviewLog.user_id == bindparam("uid"), COUNTED)
)


@dataclass(frozen=True)
class Counted:
    reviews: int
    cards: int  # cards among them: fewer than the reviews once a card was reviewed on two days

    @property
    def learnable(self) -> bool:
        """`training.learnable` of the same histories: a fit has something to learn from."""
        return self.reviews > self.cards


def counted_reviews(session: Session, user_id: int, timezone: str) -> Counted:
    """`training.counted(training.histories(counted_answers(…), timezone))` without building the histories:
    a card's first answer of each local day counts. (/stats shows it; a year of reviews took 0.8 s the long way.)"""
    zone = zones.zone(timezone)
    days = {(card_id, at.astimezone(zone).date()) for card_id, at in _COUNTED_TIMES.rows(session, {"uid": user_id})}
    return Counted(len(days), len({card_id for card_id, _ in days}))


def card_reviews(session: Session, user_id: int) -> dict[int, list[PastReview]]:
    """Each reviewed card's counted answers, oldest first."""
    query = (
        select(ReviewLog.id, ReviewLog.card_id, ReviewLog.nonce, ReviewLog.rating, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == user_id, COUNTED)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    cards: dict[int, list[PastReview]] = {}
    for row in session.execute(query):
        cards.setdefault(row.card_id, []).append(PastReview(row.id, row.nonce, row.rating, row.reviewed_at))
    return cards


def set_previous(session: Session, previous: dict[int, dict[str, Any] | None]) -> None:
    """The memory stored beside each review (what /undo restores), by log id, in one executemany."""
    if previous:
        rows = [{"id": log_id, "previous": memory} for log_id, memory in previous.items()]
        session.execute(update(ReviewLog), rows)


def locked_row(session: Session, user_id: int) -> FsrsParams:
    """The learner's row, created if need be (two processes may race to: neither fails), and locked on
    PostgreSQL until the transaction ends (SQLite's writers take turns anyway)."""
    builder = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    blank = builder(FsrsParams).values(user_id=user_id, reviews=0, tried_reviews=0)
    session.execute(blank.on_conflict_do_nothing(index_elements=[FsrsParams.user_id]))
    locked = select(FsrsParams).where(FsrsParams.user_id == user_id).with_for_update()
    return session.scalars(locked.execution_options(populate_existing=True)).one()


def scheduling(row: FsrsParams) -> Parameters:
    """The parameters the learner is scheduled with, as `fit_job` reads them: theirs when usable, else the defaults."""
    return (usable(row.parameters) if row.parameters else None) or DEFAULT_PARAMETERS


def save_try(session: Session, user_id: int, result: FitResult, *, kept: bool, now: datetime) -> None:
    """Record a fit tried on `result.reviews` reviews; with `kept`, the learner's parameters become it."""
    row = locked_row(session, user_id)
    row.tried_reviews = result.reviews
    if kept:
        row.parameters = list(result.parameters)
        row.fitted_at = now
        row.reviews = result.reviews
        row.log_loss = result.fitted.log_loss
        row.default_log_loss = result.defaults.log_loss
    session.flush()


def fitted_learners(session: Session) -> int:
    query = select(func.count()).select_from(FsrsParams).where(FsrsParams.parameters.is_not(None))
    return int(session.execute(query).scalar_one())
