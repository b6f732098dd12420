"""SQLAlchemy 2 tables. Datetimes are stored as naive UTC; `UTCDateTime` converts at the boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database (same on SQLite and PostgreSQL)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012 - SQLAlchemy API


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(128), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    push_time: Mapped[str] = mapped_column(String(5), default="09:00")
    new_per_day: Mapped[int] = mapped_column(Integer, default=20)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # the platform refuses to deliver to them
    created_at: Mapped[datetime]
    polls: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # native quiz polls
    push_threshold: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    decks_seen_at: Mapped[datetime | None]  # the deck list was last shown; decks created later are new
    study_deck: Mapped[str | None] = mapped_column(String(64))  # `/quiz DECK`: one deck for now
    cram_deck: Mapped[str | None] = mapped_column(String(64))  # `/cram DECK`: practice that changes no schedule
    cram_since: Mapped[datetime | None]
    push_reminder: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # evening nudge
    # `/link`: this platform account belongs to that learner's row (which holds the schedule and history)
    linked_to: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Deck(Base):
    __tablename__ = "decks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]
    created_at: Mapped[datetime | None]  # first import
    # the deck file it was imported from (absolute); null for decks imported before that was kept
    source_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    # a learner's own deck (uploaded or /add): private to them; null for the operator's (bundled) decks
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    share_code: Mapped[str | None] = mapped_column(String(16), unique=True)  # `/share DECK`; null: not shared


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("deck_id", "key"),
        Index("ix_cards_deck_position", "deck_id", "retired", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[str] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class Subscription(Base):
    """A learner studies a deck. `new_cursor` is a lower bound: every live card of the deck at a lower
    position has been seen by the learner, so the search for a new card can start there."""

    __tablename__ = "subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    deck_id: Mapped[str] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime]
    new_cursor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CardState(Base):
    """One learner's FSRS memory state of one card."""

    __tablename__ = "card_states"
    __table_args__ = (
        Index("ix_card_states_user_due", "user_id", "suspended", "due"),
        # cards in learning steps (states 1 and 3; 2 is Review), which the next-card pick looks at first
        Index(
            "ix_card_states_user_learning_due",
            "user_id",
            "suspended",
            "due",
            sqlite_where=text("state != 2"),
            postgresql_where=text("state != 2"),
        ),
        # a card's states, found by the card: deleting cards (an own deck deleted, import-deck --prune) cascades
        # here, and the primary key (user, card) cannot find them by card alone
        Index("ix_card_states_card", "card_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None] = mapped_column(nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)


class ReviewLog(Base):
    """Every grade. `previous` is the state before it (null for a new card), which makes undo exact."""

    __tablename__ = "review_logs"
    __table_args__ = (
        Index("ix_review_logs_user_time", "user_id", "reviewed_at"),
        Index("ix_review_logs_card", "card_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    nonce: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    was_new: Mapped[bool] = mapped_column(Boolean)
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[datetime]
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    platform: Mapped[str] = mapped_column(String(16))
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    hints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # taken before this answer
    # a cram answer: it changed no card state, and stats, retention, undo and the export leave it out
    cram: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    message_ids: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)  # where the question was shown


class PendingPrompt(Base):
    """The one question a learner is being asked now. Answering claims (deletes) it exactly once."""

    __tablename__ = "pending_prompts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(16))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    choice_order: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    hint_used: Mapped[bool] = mapped_column(Boolean, default=False)
    hints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # each /hint reveals more
    shown_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    message_ids: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    cram: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # asked by /cram


class BuriedCard(Base):
    """A card skipped by a learner, hidden from them until `until`."""

    __tablename__ = "buried_cards"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    until: Mapped[datetime]


class PushSchedule(Base):
    """When a learner's next daily push is due, and the push a tick has queued for them, if any. Its own
    narrow row (not `users`): claiming a popular minute rewrites thousands of these at once."""

    __tablename__ = "push_schedule"
    __table_args__ = (
        Index("ix_push_schedule_due", "platform", "next_push_at"),  # push claims
        Index(  # queued pushes a stopped process left behind (studybot/push/takeover.py)
            "ix_push_schedule_queued",
            "queued_at",
            sqlite_where=text("queued_day IS NOT NULL"),
            postgresql_where=text("queued_day IS NOT NULL"),
        ),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))  # the learner row's platform: where its pushes go
    # the learner's push time and zone, as `users` has them (studybot/push/reschedule.py copies them with
    # each new `next_push_at`), so a claim reads no `users` row
    push_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    next_push_at: Mapped[datetime | None] = mapped_column(nullable=True)  # NULL: paused, blocked or linked away
    # a push queued by a tick (studybot/push/claims.py): for which local date, since when, by which tick, and
    # the `next_push_at` it replaced (restored if the push is put back)
    queued_day: Mapped[date | None] = mapped_column(nullable=True)
    queued_at: Mapped[datetime | None] = mapped_column(nullable=True)
    queued_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    queued_due: Mapped[datetime | None] = mapped_column(nullable=True)


class PushLog(Base):
    """One daily push per learner and local date: claimed before sending, finished after."""

    __tablename__ = "push_log"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(16))  # claimed (send begun) | sent | blocked | failed | skipped
    claimed_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # put off (studybot/push/later.py): pushes of the day so far after the first, a pending "Later" push,
    # "Not today" pressed, and the evening reminder still to consider
    rounds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    later_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    remind_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)


class NativePoll(Base):
    """The quiz poll that shows a learner's open question (at most one per learner): the platform's poll
    id, the question's nonce, and the choice key of each poll option in order."""

    __tablename__ = "native_polls"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    poll_id: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(16))
    choice_keys: Mapped[list[str]] = mapped_column(JSON)
    sent_at: Mapped[datetime]


class LinkCode(Base):
    """A one-time `/link` code (stored hashed): redeemed on another account before `expires_at`, it joins
    that account to the learner who asked for it."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    expires_at: Mapped[datetime]


class LinkTry(Base):
    """Wrong `/link CODE` tries of one account: after a few, it may not try again for a while."""

    __tablename__ = "link_tries"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    wrong: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[datetime]


class FsrsParams(Base):
    """A learner's own FSRS parameters (NULL: the defaults) and their last fit: when, on how many counted
    reviews, how well they and the defaults predicted those reviews; `tried_reviews` is the count at the
    last fit tried, kept or not (the next is tried when the count has doubled)."""

    __tablename__ = "fsrs_params"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    parameters: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    fitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    log_loss: Mapped[float | None] = mapped_column(Float, nullable=True)
    default_log_loss: Mapped[float | None] = mapped_column(Float, nullable=True)
    tried_reviews: Mapped[int] = mapped_column(Integer, default=0)


class SessionTally(Base):
    """The learner's study session so far, counted as answers come in (studybot/storage/tallies.py): when it
    began, its latest answer, how many answers and how many right. NULL counts: not known (an answer was
    undone or regraded), so the next answer counts them from the review log again."""

    __tablename__ = "session_tallies"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    started_at: Mapped[datetime]
    last_at: Mapped[datetime]
    answers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    right_answers: Mapped[int | None] = mapped_column(Integer, nullable=True)
