"""Queries about learners, decks and subscriptions. Every function runs in the caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from studybot.storage import fsrs_params
from studybot.storage.direct import Direct
from studybot.storage.fsrs_params import MemoryModel
from studybot.storage.models import Card, Deck, FsrsParams, PushSchedule, Subscription, User
from studybot.storage.ownership import BUNDLED, owned_named, visible_to


@dataclass(frozen=True)
class Profile:
    """A learner's row as the engine reads it; changes go through `update_profile`."""

    id: int
    platform: str
    external_id: str
    display_name: str
    timezone: str
    push_time: str
    new_per_day: int
    desired_retention: float
    paused: bool
    blocked: bool
    created_at: datetime
    polls: bool = False
    push_threshold: int = 1
    decks_seen_at: datetime | None = None
    study_deck: str | None = None
    cram_deck: str | None = None  # `/cram DECK`, until `/cram stop` or a scheduled `/quiz`
    cram_since: datetime | None = None
    push_reminder: bool = False  # `/settings reminder on`: an evening nudge after an unanswered push


_PROFILE_FIELDS = tuple(f.name for f in fields(Profile))
_ACCOUNT = aliased(User)  # the platform account; `User` is the learner it belongs to (itself, unless linked)
_FIND_USER = (
    select(*(getattr(User, f) for f in _PROFILE_FIELDS))
    .select_from(_ACCOUNT)
    .join(User, User.id == func.coalesce(_ACCOUNT.linked_to, _ACCOUNT.id))
    .where(_ACCOUNT.platform == bindparam("platform"), _ACCOUNT.external_id == bindparam("external_id"))
)
# every turn starts here: the learner and the FSRS parameters they are scheduled with, in one round trip
FIND_LEARNER = _FIND_USER.add_columns(*fsrs_params.COLUMNS).outerjoin(FsrsParams, FsrsParams.user_id == User.id)
LEARNER_WIDTH = len(FIND_LEARNER.selected_columns)  # what `learner_of` reads of a row that starts as FIND_LEARNER's
_FIND_LEARNER = Direct(FIND_LEARNER)
_FIND_USER_NOW = Direct(_FIND_USER)
_WIDTH = len(_PROFILE_FIELDS)


def get_or_create_user(
    session: Session,
    platform: str,
    external_id: str,
    *,
    defaults: dict[str, object],
    now: datetime,
    next_push_at: datetime | None = None,
) -> Profile:
    """The learner's row, created on first contact with their push schedule. Safe when two first messages race."""
    user = find_user(session, platform, external_id)
    if user is not None:
        return user
    values = {"platform": platform, "external_id": external_id, "created_at": now, **defaults}
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(builder(User).values(values).on_conflict_do_nothing())
    user = find_user(session, platform, external_id)
    assert user is not None
    schedule = {"user_id": user.id, "platform": platform, "next_push_at": next_push_at}
    schedule |= {"push_time": user.push_time, "timezone": user.timezone}
    session.execute(builder(PushSchedule).values(schedule).on_conflict_do_nothing())
    return user


def find_user(session: Session, platform: str, external_id: str) -> Profile | None:
    """The learner this platform account is (or is linked to, see storage/links.py)."""
    row = _FIND_USER_NOW.first(session, {"platform": platform, "external_id": external_id})
    return None if row is None else Profile(*row)


def find_learner(session: Session, platform: str, external_id: str) -> tuple[Profile, MemoryModel | None] | None:
    """`find_user`, with the learner's memory model (`fsrs_params.load`) read in the same statement."""
    row = _FIND_LEARNER.first(session, {"platform": platform, "external_id": external_id})
    return None if row is None else learner_of(row)


def learner_of(row: Sequence[Any]) -> tuple[Profile, MemoryModel | None]:
    """The learner and their memory model from a row whose first LEARNER_WIDTH columns are FIND_LEARNER's."""
    return Profile(*row[:_WIDTH]), fsrs_params.from_values(tuple(row[_WIDTH:LEARNER_WIDTH]))


def update_profile(session: Session, profile: Profile, **changes: Any) -> Profile:
    session.connection().execute(update(User).where(User.id == profile.id).values(**changes))
    return replace(profile, **changes)


def mark_blocked(session: Session, platform: str, external_id: str) -> None:
    account = (User.platform == platform) & (User.external_id == external_id)
    session.connection().execute(update(User).where(account).values(blocked=True))
    unscheduled = update(PushSchedule).where(PushSchedule.user_id == select(User.id).where(account).scalar_subquery())
    session.connection().execute(unscheduled.values(next_push_at=None))  # pushes skip them


def all_decks(session: Session, user_id: int | None = None) -> list[tuple[Deck, int]]:
    """Every deck learner `user_id` may see (None: the operator's decks) with its number of live cards, by title."""
    live = (
        select(Card.deck_id, func.count().label("n")).where(Card.retired.is_(False)).group_by(Card.deck_id).subquery()
    )
    query = select(Deck, func.coalesce(live.c.n, 0)).outerjoin(live, live.c.deck_id == Deck.id).order_by(Deck.title)
    query = query.where(BUNDLED if user_id is None else visible_to(user_id))
    return [(deck, count) for deck, count in (session.execute(query)).all()]


_SUBSCRIBED = Direct(select(Subscription.deck_id).where(Subscription.user_id == bindparam("uid")))


def subscribed_deck_ids(session: Session, user_id: int) -> set[str]:
    return {row.deck_id for row in _SUBSCRIBED.rows(session, {"uid": user_id})}


def subscribe(session: Session, user_id: int, deck_id: str, now: datetime) -> bool:
    """True when this created the subscription."""
    if session.get(Subscription, (user_id, deck_id)) is not None:
        return False
    session.add(Subscription(user_id=user_id, deck_id=deck_id, created_at=now))
    session.flush()
    return True


def unsubscribe_all(session: Session, user_id: int) -> int:
    result = session.execute(delete(Subscription).where(Subscription.user_id == user_id))
    return int(getattr(result, "rowcount", 0))


def new_decks(session: Session, profile: Profile) -> list[Deck]:
    """Decks first imported since the learner last saw the deck list (or joined), that they do not study."""
    since = profile.decks_seen_at or profile.created_at
    mine = select(Subscription.deck_id).where(Subscription.user_id == profile.id)
    query = select(Deck).where(Deck.created_at > since, Deck.id.not_in(mine), BUNDLED).order_by(Deck.title)
    return list(session.scalars(query).all())


def unsubscribe(session: Session, user_id: int, deck_id: str) -> bool:
    result = session.execute(
        delete(Subscription).where(Subscription.user_id == user_id, Subscription.deck_id == deck_id)
    )
    return bool(getattr(result, "rowcount", 0))


def find_deck(session: Session, name: str, user_id: int) -> Deck | None:
    """A deck learner `user_id` may see: by id, their own by its short name, or by a title that matches
    case-insensitively (theirs first)."""
    key = name.strip().lower()
    for clause in (and_(Deck.id == key, visible_to(user_id)), owned_named(user_id, key)):
        deck = session.scalars(select(Deck).where(clause).order_by(Deck.id)).first()
        if deck is not None:
            return deck
    query = select(Deck).where(func.lower(Deck.title) == key, visible_to(user_id))
    return session.scalars(query.order_by(Deck.owner_id.is_(None), Deck.id)).first()


def find_bundled_deck(session: Session, name: str) -> Deck | None:
    """One of the operator's decks, by id or by its title case-insensitively: what a group may play."""
    key = name.strip().lower()
    query = select(Deck).where(BUNDLED, or_(Deck.id == key, func.lower(Deck.title) == key)).order_by(Deck.id)
    return session.scalars(query).first()


def deck_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Deck)) or 0)
