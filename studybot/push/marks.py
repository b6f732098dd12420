"""Writing a claimed batch to its schedule rows: each learner's next push, and the mark of the push queued
for them (studybot/push/claims.py says what the marks mean)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, text, update
from sqlalchemy.orm import Session

from studybot.storage.models import PushSchedule

# (learner, the push instant queued for it (restored if it is put back), the next push it gets, the local
# date queued for it: None when it was missed by more than the grace window, so nothing is queued and it only
# moves on)
Mark = tuple[int, datetime, datetime, date | None]

# On PostgreSQL a statement per group of learners who share their next push, day and previous due instant
# (most of a popular minute's share all three), keyed by the primary key; ids go as one array, so the
# statement's text is the same for every batch and is parsed and planned once.
_QUEUE_POSTGRES = text(
    "UPDATE push_schedule SET next_push_at = CAST(:next AS timestamp), queued_day = CAST(:day AS date),"
    " queued_at = CAST(:now AS timestamp), queued_by = CAST(:owner AS varchar), queued_due = CAST(:due AS timestamp)"
    " WHERE user_id = ANY(CAST(:uids AS integer[]))"
)
_MOVE_POSTGRES = text(  # missed by more than the grace window: no push now, the next one stored
    "UPDATE push_schedule SET next_push_at = CAST(:next AS timestamp) WHERE user_id = ANY(CAST(:uids AS integer[]))"
)


def _ids(uids: list[int]) -> str:
    """A PostgreSQL array literal, sent as one text parameter: psycopg adapts a list element by element in
    Python, which cost more than the statement's own work for a batch."""
    return "{" + ",".join(map(str, uids)) + "}"


def _naive(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.astimezone(UTC).replace(tzinfo=None)


def queue_marks(session: Session, marks: Sequence[Mark], now: datetime, owner: str) -> None:
    """Store each learner's next push, and mark the queued ones as queued by tick `owner` at `now`."""
    if session.get_bind().dialect.name == "postgresql":
        _queue_postgres(session, marks, now, owner)
    else:
        _queue(session, marks, now, owner)


def _queue_postgres(session: Session, marks: Sequence[Mark], now: datetime, owner: str) -> None:
    groups: dict[tuple[datetime, date | None, datetime], list[int]] = {}
    for uid, due, next_at, day in marks:
        groups.setdefault((next_at, day, due), []).append(uid)
    conn = session.connection()
    for (next_at, day, due), uids in groups.items():
        params = {"uids": _ids(uids), "next": _naive(next_at)}
        if day is None:
            conn.execute(_MOVE_POSTGRES, params)
        else:
            conn.execute(
                _QUEUE_POSTGRES, {**params, "day": day, "due": _naive(due), "now": _naive(now), "owner": owner}
            )


_QUEUE = (
    update(PushSchedule)
    .where(PushSchedule.user_id == bindparam("uid"))
    .values(
        next_push_at=bindparam("next"),
        queued_day=bindparam("day"),
        queued_at=bindparam("at"),
        queued_by=bindparam("by"),
        queued_due=bindparam("was"),
    )
)


def _queue(session: Session, marks: Sequence[Mark], now: datetime, owner: str) -> None:
    """The same, a statement per learner (SQLite runs in-process: a statement each is cheap there)."""
    moves = [
        {
            "uid": uid,
            "next": next_at,
            "day": day,
            "at": now if day else None,
            "by": owner if day else None,
            "was": due if day else None,
        }
        for uid, due, next_at, day in marks
    ]
    session.connection().execute(_QUEUE, moves)
