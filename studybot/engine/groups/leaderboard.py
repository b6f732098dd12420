"""`/leaderboard [week|all]` for a chat: points from challenge answers, a streak of days with a right answer,
ties ranked together, at most ten rows plus the caller's own; members who left or hid themselves are not shown.

A row is a learner: the answers of every account linked to them count together (those made before the link
too), under the name of their account on the chat's platform."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

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
    shown = [
        (rank, score)
        for index, (rank, score) in enumerate(zip(ranks, scores, strict=True))
        if index < TOP or score[0] == play.member.id
    ]
    names = _names(play.session, [score for _rank, score in shown], place.platform)
    streaks = _streaks(play.session, chat.id, [score[0] for _rank, score in shown], play.now, chat.daily_timezone)
    rows = [
        ScoreRow(rank, names.get(user_id) or "someone", points, right, streaks.get(user_id, 0))
        for rank, (user_id, _name, points, right) in shown
    ]
    return Leaderboard(word, tuple(rows[:TOP]), rows[TOP] if len(rows) > TOP else None, scoring.RULE)


def _scores(session: Session, chat: int, since: datetime | None) -> list[tuple[int, str, int, int]]:
    """(learner id, name, points, right answers) of each learner who answered in the chat, best first."""
    account = aliased(User)
    learner = func.coalesce(account.linked_to, account.id)
    answers = (
        select(
            learner.label("learner"),
            func.sum(ChallengeAnswer.points).label("points"),
            func.sum(case((ChallengeAnswer.correct, 1), else_=0)).label("right"),
        )
        .join(account, account.id == ChallengeAnswer.user_id)
        .where(ChallengeAnswer.chat == chat)
        .group_by(learner)
    )
    if since is not None:
        answers = answers.where(ChallengeAnswer.answered_at >= since)
    per_learner = answers.subquery()
    shown = and_(GroupMember.chat == chat, GroupMember.user_id == per_learner.c.learner)
    query = (
        select(User.id, User.display_name, per_learner.c.points, per_learner.c.right)
        .join(User, User.id == per_learner.c.learner)
        .outerjoin(GroupMember, shown)
        .where(func.coalesce(GroupMember.hidden, False).is_(False), func.coalesce(GroupMember.left, False).is_(False))
        .order_by(per_learner.c.points.desc(), per_learner.c.right.desc(), User.display_name)
    )
    return [(row[0], row[1], int(row[2] or 0), int(row[3] or 0)) for row in session.execute(query)]


def _names(session: Session, scores: list[tuple[int, str, int, int]], platform: str) -> dict[int, str]:
    """Each learner's name in the chat: that of their account on its platform. The learner's row carries the
    account they used last, which may be on another platform; then the linked account on this one is asked."""
    rows = session.execute(select(User.id, User.platform).where(User.id.in_([score[0] for score in scores])))
    elsewhere = {user_id for user_id, on in rows if on != platform}
    names = {user_id: name for user_id, name, _points, _right in scores}
    if elsewhere:
        linked = select(User.linked_to, User.display_name).where(
            User.linked_to.in_(elsewhere), User.platform == platform
        )
        names.update((int(user_id or 0), name) for user_id, name in session.execute(linked.order_by(User.id.desc())))
    return names


def _streaks(session: Session, chat: int, learners: list[int], now: datetime, zone_name: str | None) -> dict[int, int]:
    """Per learner, days in a row, up to today or yesterday (the chat's local days), with a right answer in this
    chat, from any of their accounts."""
    account = aliased(User)
    learner = func.coalesce(account.linked_to, account.id)
    query = (
        select(learner, ChallengeAnswer.answered_at)
        .join(account, account.id == ChallengeAnswer.user_id)
        .where(
            ChallengeAnswer.chat == chat,
            ChallengeAnswer.correct.is_(True),
            ChallengeAnswer.answered_at >= now - STREAK_LOOK_BACK,
            learner.in_(learners),
        )
    )
    zone = zones.zone(zone_name or "UTC")
    days: dict[int, set[date]] = {}
    for user_id, moment in session.execute(query):
        days.setdefault(user_id, set()).add(moment.astimezone(zone).date())
    return {user_id: _streak(seen, now.astimezone(zone).date()) for user_id, seen in days.items()}


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
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
