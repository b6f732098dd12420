"""Answers that arrive through where a question was shown: a reply to its message, or a native poll.

A chat message or a poll names one presentation (one nonce), so a reply to an old question or a
re-delivered poll answer grades nothing, and nobody answers another learner's question.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from studybot.engine import answering
from studybot.engine.replies import Feedback, GradeButtons, Learner, Level, Notice, QuizPoll
from studybot.engine.turn import Turn
from studybot.storage import presentations

NOT_YOUR_QUESTION = "That message is not your open question. Send /quiz for yours."


def remember_messages(turn: Turn, nonce: str, refs: list[str]) -> None:
    presentations.add_message_refs(turn.session, turn.user.id, nonce, refs)


def remember_first_messages(session: Session, account: Learner, nonce: str, refs: list[str]) -> bool:
    """`remember_messages` without a turn, when the question has no message yet; False when it has one (or
    is not open): then the turn's way merges them."""
    return presentations.add_first_message_refs(session, account.platform, account.external_id, nonce, refs)


def answer_reply(turn: Turn, ref: str, text: str) -> Feedback | GradeButtons | Notice:
    """`text` sent as a reply to chat message `ref`: it answers the open question only if `ref` shows it."""
    nonce = presentations.nonce_for_message(turn.session, turn.user.id, ref)
    if nonce is None:
        return Notice(NOT_YOUR_QUESTION, Level.ERROR)
    return answering.answer(turn, text, nonce)


def remember_poll(turn: Turn, poll_id: str, poll: QuizPoll, refs: list[str]) -> None:
    presentations.save_poll(turn.session, turn.user.id, poll_id, poll.nonce, list(poll.keys), turn.now)
    if refs:
        presentations.add_message_refs(turn.session, turn.user.id, poll.nonce, refs)


def answer_poll(turn: Turn, poll_id: str, option: int) -> Feedback | GradeButtons | Notice | None:
    """The learner chose `option` in poll `poll_id`. None when that poll is not theirs or already counted."""
    claimed = presentations.claim_poll(turn.session, turn.user.id, poll_id)
    if claimed is None:
        return None
    nonce, keys = claimed
    if not 0 <= option < len(keys):
        return Notice(answering.STALE, Level.ERROR)
    reply = answering.answer(turn, keys[option], nonce)
    if isinstance(reply, Feedback):  # the poll shows its explanation itself once voted
        return replace(reply, explanation=None)
    return reply
