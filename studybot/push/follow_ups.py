"""The day's push again ("Later (1 h)") and the evening reminder: each built in the transaction that claims
it, then sent at most once.

Building it where it is claimed means a database that goes away before the message exists undoes the claim
as well: the follow-up is still due, and the next tick (here or in another process) claims and sends it once
the database is back. Once claimed and built, its claim is spent: a failed send is not tried again past the
retry policy, so it never comes twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice
from studybot.push.delivery import Delivery
from studybot.push.later import FollowUp, claim_follow_ups, token
from studybot.push.sending import DOWN, Sending, ShuttingDown

log = logging.getLogger(__name__)


class Built(NamedTuple):
    follow_up: FollowUp
    reply: Notice | None  # None: nothing to say any more (fewer cards wait than the learner's threshold)


def claim_built(
    engine: QuizEngine, session: Session, now: datetime, *, platforms: frozenset[str], limit: int
) -> list[Built]:
    """Claim up to `limit` due follow-ups and build each one's message, in the caller's one transaction."""
    claimed = claim_follow_ups(session, now, platforms=platforms, limit=limit)
    return [Built(follow_up, _build(engine, session, follow_up)) for follow_up in claimed]


def _build(engine: QuizEngine, session: Session, follow_up: FollowUp) -> Notice | None:
    learner = Learner(follow_up.platform, follow_up.external_id)
    if follow_up.round_ is None:
        return engine.daily_reminder_in(session, learner)
    reply = engine.daily_push_in(session, learner)
    return reply and replace(reply, put_off=token(follow_up.local_date, follow_up.round_))


async def send_follow_up(
    engine: QuizEngine, deliveries: Mapping[str, Delivery], sending: Sending, built: Built, stopping: asyncio.Event
) -> str:
    """A Later push (the day's push again, with its buttons) or the evening reminder: sent at most once,
    since its claim is already spent; a failure is logged, not retried past the retry policy."""
    follow_up, reply = built
    kind = "reminder" if follow_up.round_ is None else "later"
    if reply is None:
        return f"{kind} skipped"
    delivery = deliveries.get(follow_up.platform)
    if delivery is None:
        log.warning("%s push to learner %d dropped: %s is down", kind, follow_up.user_id, follow_up.platform)
        return f"{kind} failed"
    try:
        status = await sending.deliver(follow_up.external_id, reply, delivery, stopping)
    except ShuttingDown:
        return f"{kind} failed"
    if status == "blocked":
        try:
            await engine.set_blocked(Learner(follow_up.platform, follow_up.external_id))
        except DOWN as exc:  # they are marked at the next push that meets the block
            log.warning("learner %d blocked the bot; not recorded yet: %s", follow_up.user_id, exc)
    return f"{kind} {'failed' if status == 'retry' else status}"
