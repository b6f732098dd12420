"""Card memory, review logs, pending prompts and buried cards: the rows an answer touches.

These go through prebuilt Core statements rather than ORM objects: an answer writes three rows and
reads three, and the ORM's identity map and unit of work cost more than the database does here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.srs import Memory
from studybot.storage.direct import Direct
from studybot.storage.models import BuriedCard, CardState, PendingPrompt, ReviewLog

_MEMORY_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended")
MEMORY_COLUMNS = tuple(getattr(CardState, f) for f in _MEMORY_FIELDS)
PENDING_FIELDS = (
    "nonce",
    "card_id",
    "choice_order",
    "revealed",
    "hint_used",
    "shown_at",
    "expires_at",
    "hints",
    "cram",
    "message_ids",
)
_UID: BindParameter[int] = bindparam("uid")
_CID: BindParameter[int] = bindparam("cid")


@dataclass(frozen=True)
class Pending:
    """The learner's one open question."""

    user_id: int
    nonce: str
    card_id: int
    choice_order: list[int] | None
    revealed: bool
    hint_used: bool
    shown_at: datetime
    expires_at: datetime
    hints: int = 0  # hints taken; `hint_used` is kept as hints > 0
    cram: bool = False  # asked by /cram: answering it changes no schedule
    message_ids: list[str] | None = None  # chat messages showing it (presentations.add_message_refs)

    @property
    def shown_in(self) -> tuple[str, ...]:
        return tuple(self.message_ids or ())


_PENDING_VALUES = tuple(f.name for f in fields(Pending))
_LOAD_MEMORY = Direct(select(*MEMORY_COLUMNS).where(CardState.user_id == _UID, CardState.card_id == _CID))
_DELETE_MEMORY = delete(CardState).where(CardState.user_id == _UID, CardState.card_id == _CID)
_GET_PENDING = select(PendingPrompt.user_id, *(getattr(PendingPrompt, f) for f in PENDING_FIELDS)).where(
    PendingPrompt.user_id == _UID
)
_CLAIM_PENDING = Direct(
    delete(PendingPrompt)
    .where(PendingPrompt.user_id == _UID, PendingPrompt.nonce == bindparam("nonce"))
    .returning(PendingPrompt.user_id, *(getattr(PendingPrompt, f) for f in PENDING_FIELDS))
)
_DROP_PENDING = delete(PendingPrompt).where(PendingPrompt.user_id == _UID).returning(PendingPrompt.message_ids)
_LAST_REVIEW = (
    select(ReviewLog)
    .where(ReviewLog.user_id == _UID, ReviewLog.cram == bindparam("cram"))
    .order_by(ReviewLog.id.desc())
    .limit(1)
)


_LATEST_NONCE = Direct(select(ReviewLog.nonce).where(ReviewLog.user_id == _UID).order_by(ReviewLog.id.desc()).limit(1))


_UPSERTS: dict[tuple[str, str], Direct] = {}


def _upsert(session: Session, model: Any, keys: tuple[str, ...], values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, built once per dialect and table."""
    dialect = session.get_bind().dialect.name
    statement = _UPSERTS.get((dialect, model.__tablename__))
    if statement is None:
        statement = Direct(upsert(dialect, model, keys, tuple(values)))
        _UPSERTS[(dialect, model.__tablename__)] = statement
    statement.rows(session, values)


def upsert(dialect: str, model: Any, keys: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """INSERT of the columns `names` (bound by their names) that updates the row whose `keys` exist already."""
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = model.__table__.c
    base = builder(model.__table__).values({name: bindparam(name) for name in names})
    updates = {name: base.excluded[name] for name in names if name not in keys}
    return base.on_conflict_do_update(index_elements=[columns[k] for k in keys], set_=updates)


MEMORY_KEYS = ("user_id", "card_id")


_READ = "studybot.reviews.read"  # Session.info key: {(user, card): memory} read in this transaction already
# Session.info key: (user, open question) as a turn's first statement read it (engine/catalog.py); every change
# to an open question drops it
QUESTION_READ = "studybot.reviews.question"


def read_with_question(session: Session, user_id: int, card_id: int, values: tuple[Any, ...]) -> None:
    """The memory of the open question's card, read with the question (MEMORY_COLUMNS; all NULL: none yet):
    `load_memory` of that card in this transaction then needs no statement."""
    memory = None if values[0] is None else Memory(**dict(zip(_MEMORY_FIELDS, values, strict=True)))
    session.info.setdefault(_READ, {})[(user_id, card_id)] = memory


def load_memory(session: Session, user_id: int, card_id: int) -> Memory | None:
    read = session.info.get(_READ)
    if read is not None and (user_id, card_id) in read:
        return read[(user_id, card_id)]  # type: ignore[no-any-return]
    row = _LOAD_MEMORY.first(session, {"uid": user_id, "cid": card_id})
    return None if row is None else Memory(**row._asdict())


def save_memory(session: Session, user_id: int, card_id: int, memory: Memory | None) -> None:
    """Store `memory`; None removes the row (the card becomes new again, as after undoing its first review)."""
    read = session.info.get(_READ)
    if read is not None:
        read[(user_id, card_id)] = memory
    if memory is None:
        session.connection().execute(_DELETE_MEMORY, {"uid": user_id, "cid": card_id})
        return
    _upsert(session, CardState, MEMORY_KEYS, memory_values(user_id, card_id, memory))


def memory_values(user_id: int, card_id: int, memory: Memory) -> dict[str, Any]:
    """A card_states row's values."""
    return {"user_id": user_id, "card_id": card_id, **{f: getattr(memory, f) for f in _MEMORY_FIELDS}}


def remember_memory(session: Session, user_id: int, card_id: int, memory: Memory) -> None:
    """`save_memory` stores `memory` by a statement of the caller's (storage/answers.py): the rest of this
    transaction reads it from here, as it would after `save_memory`."""
    read = session.info.get(_READ)
    if read is not None:
        read[(user_id, card_id)] = memory


_LOGGED = ("user_id", "card_id", "nonce", "rating", "answer", "correct", "was_new", "overridden", "cram")
_LOGGED_TOO = ("reviewed_at", "duration_ms", "platform", "previous", "hints", "message_ids")
LOG_REVIEW = insert(ReviewLog).values({name: bindparam(name) for name in _LOGGED + _LOGGED_TOO})
_LOG_REVIEW = Direct(LOG_REVIEW)


def log_review(session: Session, **values: Any) -> None:
    """One answer in the log: every column of `_LOGGED` and `_LOGGED_TOO` given, but `message_ids` may be left out."""
    _LOG_REVIEW.rows(session, {"message_ids": None, **values})


def last_review(session: Session, user_id: int, *, cram: bool = False) -> ReviewLog | None:
    """The learner's latest scheduled review (undo, "I was right" and "easy" rewrite it); with `cram`,
    their latest cram answer instead."""
    return session.execute(_LAST_REVIEW, {"uid": user_id, "cram": cram}).scalar_one_or_none()


def answered_last(session: Session, user_id: int, nonce: str) -> bool:
    """The learner's latest answer (cram or not) was to the question `nonce`."""
    return bool(_LATEST_NONCE.scalar(session, {"uid": user_id}) == nonce)


def get_pending(session: Session, user_id: int) -> Pending | None:
    row = session.connection().execute(_GET_PENDING, {"uid": user_id}).first()
    return None if row is None else Pending(**row._asdict())


def put_pending(session: Session, pending: Pending) -> None:
    """Make `pending` the learner's one open question, replacing any older one (and the messages showing it)."""
    session.info.pop(QUESTION_READ, None)
    values = {field: getattr(pending, field) for field in _PENDING_VALUES}  # asdict() deep-copies: 3x dearer
    _upsert(session, PendingPrompt, ("user_id",), {**values, "message_ids": None})


_PENDING_UPDATES: dict[tuple[str, ...], Direct] = {}


def update_pending(session: Session, pending: Pending, **changes: Any) -> Pending:
    session.info.pop(QUESTION_READ, None)
    names = tuple(sorted(changes))
    statement = _PENDING_UPDATES.get(names)
    if statement is None:
        values: dict[str, Any] = {name: bindparam(f"new_{name}") for name in names}
        statement = Direct(update(PendingPrompt).where(PendingPrompt.user_id == _UID).values(values))
        _PENDING_UPDATES[names] = statement
    statement.rows(session, {"uid": pending.user_id, **{f"new_{name}": value for name, value in changes.items()}})
    return replace(pending, **changes)


def claim_pending(session: Session, user_id: int, nonce: str) -> Pending | None:
    """Delete and return the open question if `nonce` is still its nonce: only one answer can win."""
    session.info.pop(QUESTION_READ, None)
    row = _CLAIM_PENDING.first(session, {"uid": user_id, "nonce": nonce})
    return None if row is None else Pending(**row._asdict())


def drop_pending(session: Session, user_id: int) -> tuple[str, ...]:
    """Forget the open question; the chat messages that showed it (to be closed)."""
    session.info.pop(QUESTION_READ, None)
    row = session.connection().execute(_DROP_PENDING, {"uid": user_id}).first()
    return tuple(row.message_ids or ()) if row is not None else ()


def bury(session: Session, user_id: int, card_id: int, until: datetime) -> None:
    _upsert(session, BuriedCard, ("user_id", "card_id"), {"user_id": user_id, "card_id": card_id, "until": until})
