"""Linked accounts in the database.

A learner is one `users` row (the one holding the schedule, the history and the settings); each other
platform account linked to it is a row of its own whose `linked_to` names that learner, so every query
keyed by the learner's id stays as it was (`repo.find_user` follows the link). The learner's row carries
the identity of the account used last, so daily pushes (claimed by the row's platform) go there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from studybot.storage import tallies
from studybot.storage.models import (
    BuriedCard,
    CardState,
    Deck,
    FsrsParams,
    LinkCode,
    LinkTry,
    NativePoll,
    PendingPrompt,
    PushSchedule,
    ReviewLog,
    SessionTally,
    Subscription,
    User,
)

SWAPPING = "~swap"  # a platform no account has, held for a moment while two rows trade identities
SETTINGS = (
    "timezone", "push_time", "new_per_day", "desired_retention", "paused", "polls", "push_threshold", "push_reminder"
)  # fmt: skip
# what an account was doing before it was linked (cramming, studying one deck): over once it is unlinked
_FRESH = {"study_deck": None, "cram_deck": None, "cram_since": None}


def account_id(session: Session, platform: str, external_id: str) -> int | None:
    """The row of this platform account itself (not the learner it may be linked to)."""
    query = select(User.id).where(User.platform == platform, User.external_id == external_id)
    return session.scalar(query)


def accounts_of(session: Session, learner_id: int) -> list[tuple[int, str]]:
    """The learner's own row and its linked accounts: (row id, platform), the learner's row first."""
    query = select(User.id, User.platform).where(or_(User.id == learner_id, User.linked_to == learner_id))
    rows = [(row.id, row.platform) for row in session.execute(query)]
    return sorted(rows, key=lambda row: row[0] != learner_id)


# --- codes -------------------------------------------------------------------------------------------


def put_code(session: Session, learner_id: int, code_hash: str, expires_at: datetime) -> None:
    """The learner's one code (a new one replaces the old)."""
    session.execute(delete(LinkCode).where(LinkCode.user_id == learner_id))
    session.execute(insert(LinkCode).values(code_hash=code_hash, user_id=learner_id, expires_at=expires_at))


def take_code(session: Session, code_hash: str, now: datetime) -> int | None:
    """The learner who asked for the code, which is used up; None when there is no such code or it expired."""
    session.execute(delete(LinkCode).where(LinkCode.expires_at <= now))
    taken = session.execute(delete(LinkCode).where(LinkCode.code_hash == code_hash).returning(LinkCode.user_id))
    return taken.scalar_one_or_none()


def wrong_tries(session: Session, account: int, since: datetime) -> int:
    found = session.get(LinkTry, account)
    return 0 if found is None or found.last_at <= since else found.wrong


def count_wrong(session: Session, account: int, now: datetime, since: datetime) -> int:
    """One more wrong try (tries older than `since` are forgotten); the count."""
    wrong = wrong_tries(session, account, since) + 1
    session.execute(delete(LinkTry).where(LinkTry.user_id == account))
    session.execute(insert(LinkTry).values(user_id=account, wrong=wrong, last_at=now))
    return wrong


def forget_tries(session: Session, account: int) -> None:
    session.execute(delete(LinkTry).where(LinkTry.user_id == account))


# --- joining and splitting -----------------------------------------------------------------------------


def merge(session: Session, keep: int, other: int) -> None:
    """Learner `other` becomes part of `keep`: every review moves (none copied, none dropped), decks are
    united, and for a card both studied the state reviewed later wins. `other`'s settings give way."""
    session.execute(update(ReviewLog).where(ReviewLog.user_id == other).values(user_id=keep))
    tallies.forget(session, keep)
    _merge_states(session, keep, other)
    _merge_subscriptions(session, keep, other)
    kept_buried = select(BuriedCard.card_id).where(BuriedCard.user_id == keep)
    session.execute(
        update(BuriedCard)
        .where(BuriedCard.user_id == other, BuriedCard.card_id.not_in(kept_buried))
        .values(user_id=keep)
    )
    # `other`'s memory model goes with its reviews' old owner: the learner is fitted on them all (engine/fits.py)
    for table in (BuriedCard, PendingPrompt, NativePoll, LinkCode, SessionTally, FsrsParams):
        session.execute(delete(table).where(table.user_id == other))
    # the learner's own decks (uploads, /add) follow the learner, ids unchanged (storage/ownership.py)
    session.execute(update(Deck).where(Deck.owner_id == other).values(owner_id=keep))
    joined = or_(User.id == other, User.linked_to == other)
    unscheduled = update(PushSchedule).where(PushSchedule.user_id.in_(select(User.id).where(joined)))
    session.execute(unscheduled.values(next_push_at=None))  # pushes go through the learner's row
    session.execute(update(User).where(joined).values(linked_to=keep))
    session.flush()


def _merge_states(session: Session, keep: int, other: int) -> None:
    mine = {s.card_id: s for s in session.scalars(select(CardState).where(CardState.user_id == keep))}
    for theirs in session.scalars(select(CardState).where(CardState.user_id == other)).all():
        own = mine.get(theirs.card_id)
        if own is not None and _reviewed_at(own) >= _reviewed_at(theirs):
            session.delete(theirs)
            continue
        if own is not None:
            session.delete(own)
            session.flush()
        theirs.user_id = keep
    session.flush()


def _reviewed_at(state: CardState) -> datetime:
    return state.last_review or datetime.min.replace(tzinfo=state.due.tzinfo)


def _merge_subscriptions(session: Session, keep: int, other: int) -> None:
    mine = {s.deck_id: s for s in session.scalars(select(Subscription).where(Subscription.user_id == keep))}
    for theirs in session.scalars(select(Subscription).where(Subscription.user_id == other)).all():
        own = mine.get(theirs.deck_id)
        if own is None:
            theirs.user_id = keep
            continue
        own.new_cursor = min(own.new_cursor, theirs.new_cursor)  # a lower bound of what both have seen
        session.delete(theirs)
    session.flush()


def trade_identities(session: Session, one: int, other: int) -> None:
    """Rows `one` and `other` swap their platform accounts (platform, id and display name). The rows are
    locked first (PostgreSQL), so two platforms of one learner writing at once trade one after the other."""
    both = select(User.id, User.platform, User.external_id, User.display_name).where(User.id.in_((one, other)))
    rows = {row.id: row for row in session.execute(both.with_for_update())}
    a, b = rows[one], rows[other]
    session.execute(update(User).where(User.id == one).values(platform=SWAPPING, external_id=str(one)))
    session.execute(
        update(User)
        .where(User.id == other)
        .values(platform=a.platform, external_id=a.external_id, display_name=a.display_name)
    )
    session.execute(
        update(User)
        .where(User.id == one)
        .values(platform=b.platform, external_id=b.external_id, display_name=b.display_name)
    )
    platform = select(User.platform).where(User.id == PushSchedule.user_id).scalar_subquery()
    session.execute(update(PushSchedule).where(PushSchedule.user_id.in_((one, other))).values(platform=platform))


def detach(session: Session, account: int, learner_id: int) -> int:
    """Account `account` becomes a learner of its own again, starting from a copy of the learner's
    settings, decks and card states (the review history and the learner's own decks stay with the
    learner); the cards copied."""
    for table in (CardState, Subscription, BuriedCard, PendingPrompt, NativePoll):
        session.execute(delete(table).where(table.user_id == account))
    learner = session.get_one(User, learner_id)
    settings = {name: getattr(learner, name) for name in SETTINGS}
    session.execute(update(User).where(User.id == account).values(linked_to=None, **settings, **_FRESH))
    _copy_rows(session, CardState, learner_id, account)
    _copy_rows(session, Subscription, learner_id, account)
    session.flush()
    return len(session.scalars(select(CardState.card_id).where(CardState.user_id == account)).all())


def _copy_rows(session: Session, model: type[CardState] | type[Subscription], source: int, target: int) -> None:
    """INSERT … SELECT: `source`'s rows of `model` again, for `target`."""
    columns = [c for c in model.__table__.columns if c.name != "user_id"]
    rows = select(*columns, literal(target).label("user_id")).where(model.__table__.c.user_id == source)
    session.execute(insert(model).from_select([c.name for c in columns] + ["user_id"], rows))
