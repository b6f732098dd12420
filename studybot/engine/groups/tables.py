"""The tables of group play. Datetimes are aware UTC in Python (`UTCDateTime`), as everywhere."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from studybot.storage.models import Base


class GroupChat(Base):
    """A group or server channel the bot plays in, and its question of the day (NULL `daily_next_at`: off)."""

    __tablename__ = "group_chats"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id"),
        Index("ix_group_chats_daily_next_at", "daily_next_at"),  # daily claims
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    daily_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" in daily_timezone
    daily_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    daily_deck: Mapped[str | None] = mapped_column(String(64))  # None: every deck
    daily_next_at: Mapped[datetime | None]


class GroupMember(Base):
    """A member who played in a chat: hidden from its leaderboard on request, or gone from the chat."""

    __tablename__ = "group_members"

    chat: Mapped[int] = mapped_column(ForeignKey("group_chats.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    left: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Challenge(Base):
    """One round in one chat: its cards in order, who started it, and how far it got."""

    __tablename__ = "challenges"
    __table_args__ = (  # one running challenge per chat
        Index(
            "ix_challenges_one_running",
            "chat",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat: Mapped[int] = mapped_column(ForeignKey("group_chats.id", ondelete="CASCADE"))
    starter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: daily
    deck_title: Mapped[str] = mapped_column(String(200))
    card_ids: Mapped[list[int]] = mapped_column(JSON)
    seconds: Mapped[int] = mapped_column(Integer)  # how long each question stays open
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    stopped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ChallengeQuestion(Base):
    """One posted question. Closing it is claimed by setting `closed_at` where it is NULL: exactly once."""

    __tablename__ = "challenge_questions"
    __table_args__ = (
        UniqueConstraint("challenge_id", "position"),
        Index("ix_challenge_questions_open", "closed_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 0-based
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="SET NULL"))  # None: card removed
    nonce: Mapped[str] = mapped_column(String(16), unique=True)
    choice_order: Mapped[list[int]] = mapped_column(JSON)
    # what was posted, kept for presses and the close whatever a re-import does to the card (None: asked
    # before migration 0020; read from the card then)
    prompt: Mapped[str | None] = mapped_column(Text)
    labels: Mapped[list[str] | None] = mapped_column(JSON)  # in the order shown
    answer: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    message_ref: Mapped[str | None] = mapped_column(String(64))  # the adapter's id of the posted message


class ChallengeAnswer(Base):
    """A member's one answer to a question (the primary key makes a second press count for nothing)."""

    __tablename__ = "challenge_answers"
    __table_args__ = (Index("ix_challenge_answers_chat_time", "chat", "answered_at"),)

    question_id: Mapped[int] = mapped_column(ForeignKey("challenge_questions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    chat: Mapped[int] = mapped_column(ForeignKey("group_chats.id", ondelete="CASCADE"))
    correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime]
