"""Pushes: a reply sent to a learner's private chat, and what became of it."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, Forbidden, TelegramError

from studybot.adapters.telegram.handlers import PLATFORM
from studybot.adapters.telegram.render import Audience, render
from studybot.adapters.telegram.sending import Sender
from studybot.engine.replies import Learner, Reply
from studybot.push.delivery import DeliveryResult

log = logging.getLogger(__name__)


class TelegramDelivery:
    platform = PLATFORM

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        learner = Learner(PLATFORM, external_id)
        try:
            chat_id = int(external_id)
            await self.sender.send(chat_id, render(reply, Audience(chat_id, "")), learner)
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
            return DeliveryResult.RETRY
        return DeliveryResult.SENT
