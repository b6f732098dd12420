"""Whether a flashcard's grade buttons still say what pressing them would do."""

from __future__ import annotations

from datetime import datetime

from studybot.engine.turn import Turn
from studybot.srs import Memory, Rating
from studybot.storage import reviews


def outdated(turn: Turn, pending: reviews.Pending, memory: Memory | None) -> bool:
    """True when grading now would differ from what the buttons showed: a new memory model since, or FSRS
    at this moment giving other intervals or another memory state than at the moment they were shown (a
    whole day more since the last review, a learning step now due, a day boundary crossed)."""
    model = turn.memory_model
    if model is not None and model.fitted_at is not None and model.fitted_at > pending.shown_at:
        return True
    retention, seed, parameters = turn.user.desired_retention, pending.nonce, turn.parameters
    then = turn.srs.outcomes(memory, pending.shown_at, retention, seed, parameters)
    now = turn.srs.outcomes(memory, turn.now, retention, seed, parameters)
    return any(_differs(then[r], pending.shown_at, now[r], turn.now) for r in Rating)


def _differs(then: Memory, shown_at: datetime, now: Memory, at: datetime) -> bool:
    return (then.due - shown_at, then.state, then.step, then.stability, then.difficulty) != (
        now.due - at,
        now.state,
        now.step,
        now.stability,
        now.difficulty,
    )
