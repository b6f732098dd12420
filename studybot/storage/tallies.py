"""Each learner's running session tally, kept as answers come in: one upsert per answer instead of counting
the session's answers in the review log after each one. The log stays the truth: a tally whose counts are
NULL (an answer undone or regraded since, or a learner's first answer) is counted from the log again by the
caller and stored with `store`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Integer, bindparam, case, literal, null, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.storage.direct import Direct
from studybot.storage.models import SessionTally


class Tally(NamedTuple):
    started_at: datetime
    answers: int | None  # None: not known, count the log
    right: int | None


def counting(builder: Any) -> Any:
    """Count one more answer: into the session if the previous answer was at or after :fresh_since, else as
    the first of a new one. Counts that were NULL stay NULL within a session. Returns the tally."""
    table = SessionTally.__table__
    now: BindParameter[datetime] = bindparam("now")
    right: BindParameter[int] = bindparam("right", type_=Integer)
    base = builder(table).values(user_id=bindparam("uid"), started_at=now, last_at=now, answers=null())
    fresh = table.c.last_at >= bindparam("fresh_since")
    upsert = base.on_conflict_do_update(
        index_elements=[table.c.user_id],
        set_={
            "answers": case((fresh, table.c.answers + 1), else_=literal(1)),
            "right_answers": case((fresh, table.c.right_answers + right), else_=right),
            "started_at": case((fresh, table.c.started_at), else_=base.excluded.started_at),
            "last_at": base.excluded.last_at,
        },
    )
    return upsert.returning(table.c.started_at, table.c.answers, table.c.right_answers)


_COUNT = {"sqlite": Direct(counting(sqlite.insert)), "postgresql": Direct(counting(postgresql.insert))}
_STORE = Direct(
    update(SessionTally)
    .where(SessionTally.user_id == bindparam("uid"))
    .values(started_at=bindparam("started_at"), answers=bindparam("answers"), right_answers=bindparam("right"))
)
_FORGET = Direct(
    update(SessionTally).where(SessionTally.user_id == bindparam("uid")).values(answers=null(), right_answers=null())
)


def count_answer(session: Session, user_id: int, now: datetime, *, right: bool, fresh_since: datetime) -> Tally:
    """The tally with the answer just logged at `now` counted in."""
    statement = _COUNT[session.get_bind().dialect.name]
    params = {"uid": user_id, "now": now, "right": int(right), "fresh_since": fresh_since}
    return tally_of(statement.rows(session, params)[0])


def tally_of(row: Any) -> Tally:
    """The tally a `counting` statement returned."""
    return Tally(row.started_at, row.answers, row.right_answers)


def store(session: Session, user_id: int, started_at: datetime, answers: int, right: int) -> None:
    """The session as counted from the log, after `count_answer` returned unknown counts."""
    _STORE.rows(session, {"uid": user_id, "started_at": started_at, "answers": answers, "right": right})


def forget(session: Session, user_id: int) -> None:
    """The log changed under the tally (an answer undone, regraded, or moved in from a linked account)."""
    _FORGET.rows(session, {"uid": user_id})
