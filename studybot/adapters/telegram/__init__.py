"""Telegram: the quiz engine behind python-telegram-bot (buttons, quiz polls, groups, webhook or polling).

`studybot run telegram` calls `service`; `studybot push` sends through `open_delivery`.
"""

from __future__ import annotations

from studybot.adapters.telegram.app import TelegramService, open_delivery
from studybot.adapters.telegram.building import build_application
from studybot.config import Settings
from studybot.engine.engine import QuizEngine

__all__ = ["TelegramService", "build_application", "open_delivery", "service"]


def service(engine: QuizEngine, settings: Settings) -> TelegramService:
    return TelegramService(engine, settings)
