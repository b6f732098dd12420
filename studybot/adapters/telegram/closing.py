"""Nothing stale on screen: the chat messages of a question that is no longer open lose their buttons, and
its quiz poll is stopped.

A question message is recorded with the engine as a reference "chat:message", ending in "|keys" when it has
an inline keyboard and "|poll" for a quiz poll (the engine ignores the ending when it looks a message up).
Replies that end a question name those references (`closes`); `close` tidies them. A message that is gone,
already tidy or too old to edit is left as it is: closing never fails an answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from studybot.engine.replies import Feedback, GradeButtons, Notice, Prompt, Reply

KIND = "|"
KEYS = "keys"  # an inline keyboard to edit away
POLL = "poll"  # a quiz poll to stop
log = logging.getLogger(__name__)


def message_ref(chat_id: int, message_id: int, kind: str = "") -> str:
    return f"{chat_id}:{message_id}{KIND + kind if kind else ''}"


def parse_ref(ref: str) -> tuple[int, int, str] | None:
    """(chat id, message id, kind) of a reference of ours; None for anything else."""
    place, _, kind = ref.partition(KIND)
    chat, _, message = place.partition(":")
    try:
        return int(chat), int(message), kind
    except ValueError:
        return None


def same_message(ref: str, chat_id: int, message_id: int) -> bool:
    return ref.partition(KIND)[0] == message_ref(chat_id, message_id)


async def mark_undone(bot: Bot, reply: Reply, markup: InlineKeyboardMarkup) -> None:
    """Put `markup` (a button saying the answer was undone) on the messages of the answer /undo took back;
    their text stays as it was (the bot cannot read it back to rewrite it)."""
    for ref in reply.undone if isinstance(reply, Notice) else ():
        parsed = parse_ref(ref)
        if parsed is None:
            continue
        try:
            await bot.edit_message_reply_markup(parsed[0], parsed[1], reply_markup=markup)
        except (BadRequest, Forbidden) as exc:
            log.debug("telegram: message %s not marked undone: %s", ref, exc.message)
        except TelegramError as exc:  # a 429 or a timeout: the undo itself is done
            log.info("telegram: message %s not marked undone: %s: %s", ref, type(exc).__name__, exc)


def closes_of(reply: Reply) -> tuple[str, ...]:
    return reply.closes if isinstance(reply, Feedback | GradeButtons | Notice | Prompt) else ()


async def close(bot: Bot, refs: Iterable[str], *, keep: tuple[int, int] | None = None, polls: bool = True) -> None:
    """Close the messages `refs`, but not message `keep` ((chat id, message id): the caller edits it), nor
    with `polls=False` a poll (the one just voted in: a question has one poll at a time)."""
    for ref in refs:
        parsed = parse_ref(ref)
        if parsed is None or parsed[2] not in (KEYS, POLL) or (parsed[2] == POLL and not polls):
            continue  # a typed question has nothing to press
        chat_id, message_id, kind = parsed
        if keep == (chat_id, message_id):
            continue
        try:
            if kind == POLL:
                await bot.stop_poll(chat_id, message_id)
            else:
                await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
        except (BadRequest, Forbidden) as exc:  # deleted, already closed, too old: nothing left to tidy
            log.debug("telegram: message %s not closed: %s", ref, exc.message)
        except TelegramError as exc:  # a 429 or a timeout: its stale buttons answer "no longer open" if pressed
            log.info("telegram: message %s not closed: %s: %s", ref, type(exc).__name__, exc)
