"""`studybot push --dry-run`: who the next tick would push, and for everyone else, why not. Claims nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot.engine.daily import headline
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.claims import plan
from studybot.push.reschedule import last_pushed_day
from studybot.storage.models import PushSchedule, User
from studybot.timeplan import local_clock

PUSH_PLATFORMS = ("telegram", "discord")  # the platforms with a delivery side


@dataclass(frozen=True)
class Verdict:
    learner: str  # platform:id
    push: bool
    reason: str


_LEARNERS = (
    select(
        User.id,
        User.platform,
        User.external_id,
        User.timezone,
        User.push_time,
        PushSchedule.next_push_at,
        User.paused,
        User.blocked,
        User.push_threshold,
    )
    .outerjoin(PushSchedule, PushSchedule.user_id == User.id)
    .where(User.platform.in_(PUSH_PLATFORMS))
)


async def outlook(engine: QuizEngine, *, platforms: frozenset[str], now: datetime, grace: timedelta) -> list[Verdict]:
    """A verdict per learner of a pushable platform: would-be pushes first, then the others by reason."""
    rows, pushed = await engine.db.run(lambda session: _learners(session, now))
    verdicts = []
    for row in rows:
        reason = _reason_not(row, platforms, now, grace, pushed.get(row.id))
        if reason is None:
            verdicts.append(await _would_push(engine, row))
        else:
            verdicts.append(Verdict(f"{row.platform}:{row.external_id}", False, reason))
    return sorted(verdicts, key=lambda v: (not v.push, v.reason.split(" ")[0], v.learner))


def _learners(session: Session, now: datetime) -> tuple[Sequence[Any], dict[int, date | None]]:
    """Every learner, and for the due ones the last local date they had a push for."""
    rows: Sequence[Any] = session.connection().execute(_LEARNERS).all()
    due = [row for row in rows if row.next_push_at is not None and row.next_push_at <= now]
    return rows, {row.id: last_pushed_day(session, row.id) for row in due}


def _reason_not(row: Any, platforms: frozenset[str], now: datetime, grace: timedelta, last: date | None) -> str | None:
    """Why the learner would not be pushed now, or None if they would (threshold permitting)."""
    if row.blocked:
        return "blocked: the platform refused the last push; a message from them unblocks them"
    if row.paused:
        return "paused: /resume restarts the daily quiz"
    if row.next_push_at is None:
        return "not scheduled yet: the next tick schedules them"
    if row.next_push_at > now:
        return f"not due: next push {local_clock(row.next_push_at, row.timezone, now)} ({row.timezone})"
    if row.platform not in platforms:
        return f"no token for {row.platform}: its learners wait (pushed if a token comes within the grace window)"
    decision = plan(row.next_push_at, row.push_time, row.timezone, now, grace)
    if decision.day is None:
        when = local_clock(decision.next_push_at, row.timezone, now)
        return f"missed by more than {grace}: skipped to {when} ({row.timezone})"
    if last is not None and last >= decision.day:
        return f"already pushed for {decision.day}"
    return None


async def _would_push(engine: QuizEngine, row: Any) -> Verdict:
    name = f"{row.platform}:{row.external_id}"
    cards = await engine.waiting(Learner(row.platform, row.external_id))
    if cards.total < max(row.push_threshold, 1):
        return Verdict(name, False, f"below threshold: {cards.total} card(s) waiting, threshold {row.push_threshold}")
    return Verdict(name, True, headline(cards))
