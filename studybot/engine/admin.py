"""Figures for the bot's operators (`/admin stats`). Only admins reach these; the check is in `commands`."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from studybot.engine.replies import AdminStats
from studybot.storage import fsrs_params
from studybot.storage.models import PushLog, ReviewLog, Subscription, User

# someone who studies: subscribed to a deck, or with a review; not a row made for a group's anonymous admins
# (the group standing in as a member) nor for someone who only said hello
_LEARNER = or_(
    select(Subscription.user_id).where(Subscription.user_id == User.id).exists(),
    select(ReviewLog.id).where(ReviewLog.user_id == User.id).exists(),
)


def admin_stats(session: Session, now: datetime) -> AdminStats:
    midnight = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    reviews_today = select(func.count(), func.count(distinct(ReviewLog.user_id))).where(
        ReviewLog.reviewed_at >= midnight
    )
    reviews, active = session.execute(reviews_today).one()
    pushes = select(func.count()).where(PushLog.status == "sent", PushLog.finished_at >= midnight)
    return AdminStats(
        learners=int(session.scalar(select(func.count()).where(_LEARNER)) or 0),
        active_today=int(active),
        reviews_today=int(reviews),
        pushes_today=int(session.scalar(pushes) or 0),
        blocked=int(session.scalar(select(func.count()).where(User.blocked.is_(True))) or 0),
        fitted=fsrs_params.fitted_learners(session),
    )
