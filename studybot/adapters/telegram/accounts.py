"""Who a Telegram update is from: the learner behind a user, and whether a chat is theirs alone."""

from __future__ import annotations

from telegram import Chat, User
from telegram.constants import ChatType

from studybot.adapters.telegram.anonymous import PLATFORM
from studybot.engine.replies import Learner


def learner_of(user: User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.full_name)


def is_private(chat: Chat) -> bool:
    return chat.type == ChatType.PRIVATE
