"""Queries of group play. Every function runs in the caller's session (one short transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from studybot.engine.groups.tables import Challenge, ChallengeAnswer, ChallengeQuestion, GroupChat, GroupMember
from studybot.storage.models import User

HELD = "held"  # the message_ref of a question waiting to be posted (waiting.py)
LOST = "lost"  # the message_ref of a question the platform refused to post: it does not count as asked


def _insert(session: Session) -> type[postgresql.Insert] | type[sqlite.Insert]:
    return postgresql.Insert if session.get_bind().dialect.name == "postgresql" else sqlite.Insert


def find_chat(session: Session, platform: str, chat_id: str) -> GroupChat | None:
    query = select(GroupChat).where(GroupChat.platform == platform, GroupChat.chat_id == chat_id)
    return session.scalars(query).first()


def chats_within(session: Session, platform: str, chat_id: str) -> list[int]:
    """The rows of chat `chat_id` and of the places inside it, named "CHAT/…" (a Telegram forum's topics)."""
    inside = GroupChat.chat_id.startswith(f"{chat_id}/", autoescape=True)
    query = select(GroupChat.id).where(GroupChat.platform == platform, or_(GroupChat.chat_id == chat_id, inside))
    return list(session.scalars(query))


def chat_row(session: Session, platform: str, chat_id: str, now: datetime) -> GroupChat:
    """The chat's row, created on first use (safe when two first commands race)."""
    found = find_chat(session, platform, chat_id)
    if found is not None:
        return found
    values = {"platform": platform, "chat_id": chat_id, "created_at": now, "daily_timezone": "UTC"}
    session.execute(_insert(session)(GroupChat).values(values).on_conflict_do_nothing())
    created = find_chat(session, platform, chat_id)
    assert created is not None
    return created


def move_chat(session: Session, platform: str, old: str, new: str) -> bool:
    """The chat now goes by `new` (a Telegram group became a supergroup): its row, with its question of the
    day, challenges and leaderboard, takes that id. False when there is nothing to move or `new` has a row
    of its own already (then only the question of the day moves, if `new` has none)."""
    moving, there = find_chat(session, platform, old), find_chat(session, platform, new)
    if moving is None:
        return False
    if there is None:
        moving.chat_id = new
        return True
    if there.daily_next_at is None and moving.daily_next_at is not None:
        for key in ("daily_time", "daily_timezone", "daily_deck", "daily_next_at"):
            setattr(there, key, getattr(moving, key))
        moving.daily_time = moving.daily_next_at = None
    return False


def running(session: Session, chat: int) -> Challenge | None:
    return session.scalars(select(Challenge).where(Challenge.chat == chat, Challenge.ended_at.is_(None))).first()


def end_running(session: Session, chat: int, now: datetime) -> None:
    """End the chat's running challenge, if any, and close its open question (no scoreboard)."""
    challenge = running(session, chat)
    if challenge is not None:
        challenge.ended_at = now
        question = open_question(session, challenge.id)
        if question is not None:
            claim_close(session, question.id, now)


def add_challenge(session: Session, challenge: Challenge) -> bool:
    """Insert `challenge`; False when another one started in the chat meanwhile (one at a time)."""
    try:
        with session.begin_nested():
            session.add(challenge)
    except IntegrityError:
        return False
    return True


def question_by_nonce(session: Session, nonce: str) -> ChallengeQuestion | None:
    return session.scalars(select(ChallengeQuestion).where(ChallengeQuestion.nonce == nonce)).first()


def open_question(session: Session, challenge_id: int) -> ChallengeQuestion | None:
    query = select(ChallengeQuestion).where(
        ChallengeQuestion.challenge_id == challenge_id, ChallengeQuestion.closed_at.is_(None)
    )
    return session.scalars(query).first()


def claim_close(session: Session, question_id: int, now: datetime) -> bool:
    """Close the question if it is still open; True for the one caller (of any process) that closed it."""
    claim = (
        update(ChallengeQuestion)
        .where(ChallengeQuestion.id == question_id, ChallengeQuestion.closed_at.is_(None))
        .values(closed_at=now)
        .returning(ChallengeQuestion.id)
    )
    return session.connection().execute(claim).first() is not None


def hold_open(session: Session, question_id: int) -> bool:
    """Lock the question for this transaction while it is open, so that a close (any process's) waits for it
    and then sees what it added; False when it closed meanwhile. (SQLite: its write lock does this already.)"""
    lock = select(ChallengeQuestion.id).where(
        ChallengeQuestion.id == question_id, ChallengeQuestion.closed_at.is_(None)
    )
    return session.scalar(lock.with_for_update()) is not None


def due_questions(session: Session, platform: str, now: datetime, limit: int = 50) -> list[int]:
    """Open questions of `platform`'s chats whose time is up."""
    query = (
        select(ChallengeQuestion.id)
        .join(Challenge, Challenge.id == ChallengeQuestion.challenge_id)
        .join(GroupChat, GroupChat.id == Challenge.chat)
        .where(
            ChallengeQuestion.closed_at.is_(None),
            ChallengeQuestion.closes_at <= now,
            GroupChat.platform == platform,
            or_(ChallengeQuestion.message_ref.is_(None), ChallengeQuestion.message_ref != HELD),  # held: untimed
        )
        .order_by(ChallengeQuestion.closes_at)
        .limit(limit)
    )
    return list(session.scalars(query))


def add_answer(session: Session, answer: dict[str, object]) -> bool:
    """Record a member's answer; False when they had answered this question already."""
    insert = _insert(session)(ChallengeAnswer).values(answer).on_conflict_do_nothing()
    return session.connection().execute(insert.returning(ChallengeAnswer.user_id)).first() is not None


def everyone_answered(session: Session, question: ChallengeQuestion) -> bool:
    """Whether every member who joined the challenge (answered any of its questions) answered this one."""
    in_challenge = (
        select(func.count(func.distinct(ChallengeAnswer.user_id)))
        .join(ChallengeQuestion, ChallengeQuestion.id == ChallengeAnswer.question_id)
        .where(ChallengeQuestion.challenge_id == question.challenge_id)
    )
    here = select(func.count()).where(ChallengeAnswer.question_id == question.id)
    return int(session.scalar(here) or 0) >= int(session.scalar(in_challenge) or 0)


def answers_to(session: Session, question_id: int) -> list[tuple[str, bool, int, int]]:
    """(name, correct, duration ms, points) of each answer, fastest first."""
    query = (
        select(User.display_name, ChallengeAnswer.correct, ChallengeAnswer.duration_ms, ChallengeAnswer.points)
        .join(User, User.id == ChallengeAnswer.user_id)
        .where(ChallengeAnswer.question_id == question_id)
        .order_by(ChallengeAnswer.duration_ms, User.id)
    )
    return [(row[0], row[1], row[2], row[3]) for row in session.execute(query)]


def challenge_scores(session: Session, challenge_id: int) -> list[tuple[int, str, int, int]]:
    """(user id, name, points, right answers) of each member who answered, best first."""
    points, right = func.sum(ChallengeAnswer.points), func.sum(case((ChallengeAnswer.correct, 1), else_=0))
    query = (
        select(User.id, User.display_name, points, right)
        .join(User, User.id == ChallengeAnswer.user_id)
        .join(ChallengeQuestion, ChallengeQuestion.id == ChallengeAnswer.question_id)
        .where(ChallengeQuestion.challenge_id == challenge_id)
        .group_by(User.id, User.display_name)
        .order_by(points.desc(), User.display_name)
    )
    return [(row[0], row[1], int(row[2] or 0), int(row[3] or 0)) for row in session.execute(query)]


def remember_member(session: Session, chat: int, user_id: int, **changes: bool) -> None:
    """The member's row in the chat (playing brings back one who had left), with `changes` applied."""
    values = {"chat": chat, "user_id": user_id, "left": False, "hidden": False, **changes}
    insert = _insert(session)(GroupMember).values(values)
    updates = {key: getattr(insert.excluded, key) for key in changes} or {"left": insert.excluded.left}
    session.execute(insert.on_conflict_do_update(index_elements=["chat", "user_id"], set_=updates))


def member_left(session: Session, chat: int, user_id: int) -> None:
    where = and_(GroupMember.chat == chat, GroupMember.user_id == user_id)
    session.execute(update(GroupMember).where(where).values(left=True).execution_options(synchronize_session=False))
