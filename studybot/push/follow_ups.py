"""The day's push again ("Later (1 h)") and the evening reminder: each sent at most once, its claim spent."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import replace

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.push.delivery import Delivery
from studybot.push.later import FollowUp, token
from studybot.push.sending import DOWN, Sending, ShuttingDown

log = logging.getLogger(__name__)


async def send_follow_up(
    engine: QuizEngine,
    deliveries: Mapping[str, Delivery],
    sending: Sending,
    follow_up: FollowUp,
    stopping: asyncio.Event,
) -> str:
    """A Later push (the day's push again, with its buttons) or the evening reminder: sent at most once,
    since its claim is already spent; a failure is logged, not retried past the retry policy."""
    kind = "reminder" if follow_up.round_ is None else "later"
    learner = Learner(follow_up.platform, follow_up.external_id)
    delivery = deliveries.get(follow_up.platform)
    try:
        if follow_up.round_ is None:
            reply = await engine.daily_reminder(learner)
        else:
            reply = await engine.daily_push(learner)
            reply = reply and replace(reply, put_off=token(follow_up.local_date, follow_up.round_))
        if reply is None:
            return f"{kind} skipped"
        if delivery is None:
            log.warning("%s push to learner %d dropped: %s is down", kind, follow_up.user_id, follow_up.platform)
            return f"{kind} failed"
        status = await sending.deliver(follow_up.external_id, reply, delivery, stopping)
        if status == "blocked":
            await engine.set_blocked(learner)
        status = "failed" if status == "retry" else status
    except ShuttingDown:
        status = "failed"
    except DOWN as exc:
        log.warning("%s push to learner %d not sent: %s", kind, follow_up.user_id, exc)
        status = "failed"
    except Exception:
        log.exception("%s push to learner %d failed", kind, follow_up.user_id)
        status = "failed"
    return f"{kind} {status}"
