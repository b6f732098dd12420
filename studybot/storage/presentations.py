"""Where a learner's open question is shown: chat message references and a native poll.

Message references are the adapter's opaque strings ("chat:message"); they live beside the open question
in `pending_prompts.message_ids` and go with it when it is answered or replaced (the engine then hands them
back in `closes`). A reference may end in "|KIND", the adapter's note on how to close that message (a poll
is stopped, buttons are edited away); a lookup by message ignores it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, bindparam, cast, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from studybot.storage.models import NativePoll, PendingPrompt, User
from studybot.storage.reviews import QUESTION_READ

KIND = "|"
MAX_MESSAGE_REFS = 20  # a question re-asked many times keeps its latest messages


_LEARNER_OF_ACCOUNT = (
    select(func.coalesce(User.linked_to, User.id))
    .where(User.platform == bindparam("platform"), User.external_id == bindparam("external_id"))
    .scalar_subquery()
)
_FIRST_REFS = (
    update(PendingPrompt)
    .where(
        PendingPrompt.user_id == _LEARNER_OF_ACCOUNT,
        PendingPrompt.nonce == bindparam("asked"),
        or_(PendingPrompt.message_ids.is_(None), cast(PendingPrompt.message_ids, String) == "null"),  # JSON null
    )
    .values(message_ids=bindparam("shown_in"))
)


def add_first_message_refs(session: Session, platform: str, external_id: str, nonce: str, refs: list[str]) -> bool:
    """`add_message_refs` for the account's learner in one statement, when the question has no message yet
    (the common case: a question was just sent). False when it has one, or is not open (nothing changed)."""
    session.info.pop(QUESTION_READ, None)
    params = {"platform": platform, "external_id": external_id, "asked": nonce, "shown_in": refs[-MAX_MESSAGE_REFS:]}
    return session.connection().execute(_FIRST_REFS, params).rowcount == 1


def add_message_refs(session: Session, user_id: int, nonce: str, refs: list[str]) -> bool:
    """Note that `refs` show the open question `nonce`. False when that question is no longer open."""
    session.info.pop(QUESTION_READ, None)
    mine = (PendingPrompt.user_id == user_id) & (PendingPrompt.nonce == nonce)
    known = session.execute(select(PendingPrompt.message_ids).where(mine)).first()
    if known is None:
        return False
    merged = [*(known.message_ids or []), *refs][-MAX_MESSAGE_REFS:]
    session.execute(update(PendingPrompt).where(mine).values(message_ids=merged))
    return True


def nonce_for_message(session: Session, user_id: int, ref: str) -> str | None:
    """The nonce of the learner's open question if message `ref` shows it."""
    row = session.execute(
        select(PendingPrompt.nonce, PendingPrompt.message_ids).where(PendingPrompt.user_id == user_id)
    ).first()
    if row is None or ref not in (known.partition(KIND)[0] for known in row.message_ids or []):
        return None
    return str(row.nonce)


def save_poll(session: Session, user_id: int, poll_id: str, nonce: str, keys: list[str], now: datetime) -> None:
    """Remember the learner's poll; an older poll of theirs is forgotten (its answer grades nothing)."""
    values = {"user_id": user_id, "poll_id": poll_id, "nonce": nonce, "choice_keys": keys, "sent_at": now}
    builder = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = builder(NativePoll).values(values)
    changes = {name: statement.excluded[name] for name in ("poll_id", "nonce", "choice_keys", "sent_at")}
    session.execute(statement.on_conflict_do_update(index_elements=[NativePoll.user_id], set_=changes))


def claim_poll(session: Session, user_id: int, poll_id: str) -> tuple[str, list[str]] | None:
    """Forget and return (nonce, choice keys) of the learner's poll `poll_id`: one answer per poll counts."""
    statement = (
        delete(NativePoll)
        .where(NativePoll.user_id == user_id, NativePoll.poll_id == poll_id)
        .returning(NativePoll.nonce, NativePoll.choice_keys)
    )
    row = session.execute(statement).first()
    return None if row is None else (str(row.nonce), list(row.choice_keys))
