"""`/leaderboard [week|all]` for a chat: points from challenge answers, a streak of days with a right answer,
ties ranked together, at most ten rows plus the caller's own; members who left or hid themselves are not shown."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from studybot import zones
from studybot.engine.groups import scoring, store
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import GroupUpdate, Leaderboard, Place, ScoreRow
from studybot.engine.groups.tables import ChallengeAnswer, GroupMember
from studybot.engine.replies import Level, Notice
from studybot.storage.models import User

TOP = 10
WEEK = timedelta(days=7)
STREAK_LOOK_BACK = timedelta(days=366)
USAGE = "/leaderboard [week|all] shows this chat's challenge points; /leaderboard hide (or show) your own row."


def leaderboard(play: Play, place: Place, args: str) -> Leaderboard | GroupUpdate:
    word = args.strip().lower() or "week"
    if word in ("hide", "show"):
        return _visibility(play, place, hidden=word == "hide")
    if word not in ("week", "all"):
        return GroupUpdate(say=Notice(USAGE, Level.ERROR), chat_id=place.chat_id)
    chat = store.find_chat(play.session, place.platform, place.chat_id)
    if chat is None:
        return Leaderboard(word, (), None, scoring.RULE)
    since = play.now - WEEK if word == "week" else None
    scores = _scores(play.session, chat.id, since)
    ranks = scoring.ranks([points for _uid, _name, points, _right in scores])
    zone = zones.zone(chat.daily_timezone or "UTC")
    rows: list[ScoreRow] = []
    mine: ScoreRow | None = None
    for rank, (user_id, name, points, right) in zip(ranks, scores, strict=True):
        if len(rows) >= TOP and user_id != play.member.id:
            continue
        streak = _streak(play.session, chat.id, user_id, play.now, zone)
        row = ScoreRow(rank, name or "someone", points, right, streak)
        if len(rows) < TOP:
            rows.append(row)
        elif user_id == play.member.id:
            mine = row
    return Leaderboard(word, tuple(rows), mine, scoring.RULE)


def _scores(session: Session, chat: int, since: datetime | None) -> list[tuple[int, str, int, int]]:
    points = func.sum(ChallengeAnswer.points)
    right = func.sum(case((ChallengeAnswer.correct, 1), else_=0))
    shown = and_(GroupMember.chat == chat, GroupMember.user_id == ChallengeAnswer.user_id)
    query = (
        select(User.id, User.display_name, points, right)
        .join(User, User.id == ChallengeAnswer.user_id)
        .outerjoin(GroupMember, shown)
        .where(ChallengeAnswer.chat == chat)
        .where(func.coalesce(GroupMember.hidden, False).is_(False), func.coalesce(GroupMember.left, False).is_(False))
        .group_by(User.id, User.display_name)
        .order_by(points.desc(), right.desc(), User.display_name)
    )
    if since is not None:
        query = query.where(ChallengeAnswer.answered_at >= since)
    return [(row[0], row[1], int(row[2] or 0), int(row[3] or 0)) for row in session.execute(query)]


def _streak(session: Session, chat: int, user_id: int, now: datetime, zone: tzinfo) -> int:
    """Days in a row, up to today or yesterday (the chat's local days), with a right answer in this chat."""
    query = select(ChallengeAnswer.answered_at).where(
        ChallengeAnswer.chat == chat,
        ChallengeAnswer.user_id == user_id,
        ChallengeAnswer.correct.is_(True),
        ChallengeAnswer.answered_at >= now - STREAK_LOOK_BACK,
    )
    days = {moment.astimezone(zone).date() for moment in session.scalars(query)}
    day: date = now.astimezone(zone).date()
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak, day = streak + 1, day - timedelta(days=1)
    return streak


def _visibility(play: Play, place: Place, *, hidden: bool) -> GroupUpdate:
    chat = store.chat_row(play.session, place.platform, place.chat_id, play.now)
    store.remember_member(play.session, chat.id, play.member.id, hidden=hidden)
    text = (
        "You are hidden from this chat's leaderboard. /leaderboard show brings you back."
        if hidden
        else "You are shown on this chat's leaderboard again."
    )
    return GroupUpdate(say=Notice(text), chat_id=place.chat_id, personal=True)
