"""A handler that failed: logged (tokens are scrubbed by the log filter), and the learner told, except where
telling would not help (a learner who blocked the bot, a group over its flood limit)."""

from __future__ import annotations

import logging

from telegram import Update, User
from telegram.constants import ChatAction
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from studybot.adapters.telegram.accounts import is_private, learner_of
from studybot.engine.engine import QuizEngine

SORRY = "Sorry, something went wrong on my side. Please try again."
log = logging.getLogger(__name__)


async def report_failure(engine: QuizEngine, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (tokens are scrubbed by the log filter) and tell the learner; never raises."""
    user = update.effective_user if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    private = user is not None and (chat is None or is_private(chat))
    if isinstance(context.error, Forbidden) and user is not None and private and await _blocked_by(user, context):
        log.info("telegram user %s blocked the bot; pushes skip them until they write again", user.id)
        await engine.set_blocked(learner_of(user))
        return
    if isinstance(context.error, RetryAfter) and chat is not None and not is_private(chat):
        log.warning("telegram: group %s is over its flood limit; an answer there went unshown", chat.id)
        return  # saying sorry would be one more message the group has no room for
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed: %s", update_id, _describe(context.error), exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY, show_alert=True)
        elif chat is not None:
            await context.bot.send_message(chat.id, SORRY)
    except TelegramError as exc:
        log.warning("could not tell the learner about the failure: %s", _describe(exc))


async def _blocked_by(user: User, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the learner has blocked the bot, asked of their own chat: a 403 while handling their update
    may have come from another chat (a group that removed the bot, where their question was shown)."""
    try:
        await context.bot.send_chat_action(user.id, ChatAction.TYPING)
    except Forbidden:
        return True
    except TelegramError:
        return False
    return False


def _describe(error: BaseException | None) -> str:
    return "unknown error" if error is None else f"{type(error).__name__}: {error}"
