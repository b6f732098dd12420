"""The writes of a scheduled answer: the card's new memory, the answer in the review log, and the session tally.

On PostgreSQL the three go in one statement (the first two as data-modifying WITH clauses): every answer
saves two round trips to the server, and the client's own work for two statements. SQLite has no round trips
to save and no data-modifying WITH, so there they are three statements, as `reviews` and `tallies` send them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from studybot.srs import Memory
from studybot.storage import reviews, tallies
from studybot.storage.direct import Direct
from studybot.storage.models import CardState, ReviewLog


def _all_in_one() -> Direct:
    names = (*reviews.MEMORY_KEYS, *(column.key for column in reviews.MEMORY_COLUMNS))
    state = reviews.upsert("postgresql", CardState, reviews.MEMORY_KEYS, names).returning(CardState.card_id)
    logged = reviews.LOG_REVIEW.returning(ReviewLog.id)
    return Direct(tallies.counting(postgresql.insert).add_cte(state.cte("answered_state"), logged.cte("answered_log")))


_ALL_IN_ONE = _all_in_one()


def record(
    session: Session, *, memory: Memory, log: Mapping[str, Any], right: bool, fresh_since: datetime
) -> tallies.Tally:
    """Store the card's `memory`, log the answer (`log`: as `reviews.log_review` takes it) and count it in
    the session tally (as `tallies.count_answer`, at the answer's `reviewed_at`); the tally."""
    user_id, card_id, now = log["user_id"], log["card_id"], log["reviewed_at"]
    if session.get_bind().dialect.name != "postgresql":
        reviews.save_memory(session, user_id, card_id, memory)
        reviews.log_review(session, **log)
        return tallies.count_answer(session, user_id, now, right=right, fresh_since=fresh_since)
    reviews.remember_memory(session, user_id, card_id, memory)
    params = {"message_ids": None, **log, **reviews.memory_values(user_id, card_id, memory)}
    params |= {"uid": user_id, "now": now, "right": int(right), "fresh_since": fresh_since}
    return tallies.tally_of(_ALL_IN_ONE.rows(session, params)[0])
