"""Pushes: a reply sent to a learner's private chat, and what became of it."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from studybot.adapters.telegram.anonymous import PLATFORM
from studybot.adapters.telegram.keyboards import Audience
from studybot.adapters.telegram.render import render
from studybot.adapters.telegram.requests import NotSent
from studybot.adapters.telegram.sending import Sender
from studybot.engine.replies import Learner, Reply
from studybot.push.delivery import DeliveryResult

log = logging.getLogger(__name__)
MAX_PARTLY_SENT = 10_000  # pushes given up on after a partial send are forgotten past this many


class TelegramDelivery:
    """A push is several messages (the notice, then the question): a retry after a transient failure
    resumes after the last one that went out, so the learner never gets the notice twice. A message whose
    send timed out counts as sent (Telegram may have delivered it): a learner would rather miss it than
    see it twice."""

    platform = PLATFORM

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self._partly_sent: dict[tuple[str, Reply], int] = {}  # messages already sent of a push to retry

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        key = (external_id, reply)
        sent = self._partly_sent.pop(key, 0)
        messages = 0
        try:
            chat_id = int(external_id)
            rendered = render(reply, Audience(chat_id, ""))
            messages = len(rendered)
            for message in rendered[sent:]:
                await self.sender.send(chat_id, [message], Learner(PLATFORM, external_id))
                sent += 1
        except TimedOut as exc:  # it may well have arrived: never sent again, only what follows it
            sent += 1
            log.warning("telegram push to %s timed out after %d of %d messages: %s", external_id, sent, messages, exc)
            if sent >= messages:
                return DeliveryResult.SENT
            return self._retry_later(key, sent)
        except Forbidden:
            return DeliveryResult.BLOCKED  # blocked the bot, or never started it
        except BadRequest as exc:
            log.warning("telegram refused a push to %s: %s", external_id, exc.message)
            return DeliveryResult.FAILED
        except ValueError:
            log.warning("not a telegram chat id: %r", external_id)
            return DeliveryResult.FAILED
        except TelegramError as exc:  # rate limit beyond our retries, network, server errors
            log.warning("telegram push to %s will be retried: %s", external_id, exc)
            if not sent and isinstance(exc, (RetryAfter, NotSent)):
                return DeliveryResult.NOT_SENT  # Telegram has none of it: anyone may send it afresh
            return self._retry_later(key, sent)
        return DeliveryResult.SENT

    def _retry_later(self, key: tuple[str, Reply], sent: int) -> DeliveryResult:
        if sent and len(self._partly_sent) < MAX_PARTLY_SENT:
            self._partly_sent[key] = sent
        return DeliveryResult.RETRY
