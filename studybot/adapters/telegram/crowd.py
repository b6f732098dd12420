"""Replies in a group, shaped to cost the group as few new messages as possible.

A button answer edits the question message in place into the verdict and the next question (the detail
goes in the callback answer's text, which posts nothing); a typed answer gets one message holding the
verdict and the next question. When the group's budget is spent, one notice offers a deep link that opens
the learner's open question in a private chat.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from studybot.adapters import text
from studybot.adapters.telegram import markup
from studybot.adapters.telegram.keyboards import Audience, after_answer_keyboard
from studybot.adapters.telegram.markup import MAX_TEXT, bold, esc, units
from studybot.adapters.telegram.outgoing import Markup, Outgoing
from studybot.adapters.telegram.render import prompt_message, summary_lines
from studybot.engine.replies import Feedback, Prompt

PRIVATE_PAYLOAD = "q_"  # /start q_NONCE: deck ids cannot hold "_", so this never names a deck
BUSY = "Busy group — continue in private:"


def toast(feedback: Feedback) -> str:
    """The verdict and why, for the callback answer (shortened to fit it)."""
    parts = [text.verdict(feedback)]
    if feedback.explanation and not feedback.details_shown:
        parts.append(feedback.explanation)
    parts.append(text.schedule(feedback))
    return markup.toast(" ".join(parts))


def answered_with_next(chosen: str | None, feedback: Feedback, to: Audience) -> Outgoing | None:
    """The question message, edited: a one-line verdict, then the next question with its buttons (and the
    answer's own "Too easy" / "I was right" row). None when no question follows or it would not fit."""
    if not isinstance(feedback.next, Prompt):
        return None
    asked = prompt_message(feedback.next, to)
    verdict = (f"{bold(chosen)} — " if chosen else "") + esc(text.verdict(feedback))
    lines = [verdict, *summary_lines(feedback), "", asked.text]
    body = "\n".join(lines)
    if units(body) > MAX_TEXT:
        return None
    rows = list(asked.markup.inline_keyboard) if isinstance(asked.markup, InlineKeyboardMarkup) else []
    extra = after_answer_keyboard(feedback, to)
    rows += list(extra.inline_keyboard) if extra is not None else []
    return Outgoing(body, InlineKeyboardMarkup(rows) if rows else None, feedback.next)


def in_one(messages: Sequence[Outgoing]) -> list[Outgoing]:
    """Consecutive text messages joined into one where they fit (a verdict and the next question): the
    buttons of all of them together, the question of the last. Files and pictures stay as they are."""
    joined: list[Outgoing] = []
    for out in messages:
        last = joined[-1] if joined else None
        if last is None or not _joinable(last, out):
            joined.append(out)
            continue
        joined[-1] = Outgoing(f"{last.text}\n\n{out.text}", _markup(last, out), out.prompt or last.prompt)
    return joined


def _joinable(first: Outgoing, second: Outgoing) -> bool:
    plain = all(m.document is None and m.photo is None for m in (first, second))
    return plain and first.prompt is None and units(first.text) + units(second.text) + 2 <= MAX_TEXT


def _markup(first: Outgoing, second: Outgoing) -> Markup | None:
    """Both messages' inline buttons; or the second's forced reply when the first has none (beside
    buttons it is dropped: the question itself says to reply to it)."""
    rows = [
        row for m in (first, second) if isinstance(m.markup, InlineKeyboardMarkup) for row in m.markup.inline_keyboard
    ]
    return InlineKeyboardMarkup(rows) if rows else second.markup


def busy_notice(bot_username: str, nonce: str | None) -> Outgoing:
    link = f"t.me/{bot_username}?start={PRIVATE_PAYLOAD}{nonce or 'open'}"
    return Outgoing(f'{esc(BUSY)} <a href="https://{esc(link)}">{esc(link)}</a>')
