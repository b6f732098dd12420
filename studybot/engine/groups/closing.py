"""Closing a challenge question: once, by whichever process or press claims it first (time up, everyone
joined has answered, or `/challenge stop`); then the round's next question, or its end and scoreboard."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot.engine.groups import results, store
from studybot.engine.groups.asking import ask
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import GroupUpdate
from studybot.engine.groups.tables import Challenge, GroupChat
from studybot.engine.groups.tables import ChallengeQuestion as QuestionRow


def close(play: Play, question_id: int, *, stopped_by: str | None = None) -> GroupUpdate:
    """Close the question (if this caller is the one to close it) and move the challenge on: its next
    question, or the end and its scoreboard. `stopped_by`: the challenge ends here, early."""
    session = play.session
    question = session.get(QuestionRow, question_id)
    if question is None or not store.claim_close(session, question_id, play.now):
        return GroupUpdate()
    challenge = session.get(Challenge, question.challenge_id)
    assert challenge is not None
    chat = session.get(GroupChat, challenge.chat)
    assert chat is not None
    if question.message_ref == store.HELD and stopped_by is not None:
        return _stopped_unposted(play, question, challenge, chat.chat_id, stopped_by)
    shown = results.closed_question(session, question, challenge)
    if stopped_by is None and challenge.ended_at is None:
        following = ask(session, play, challenge, question.position + 1)
        if following is not None:
            return GroupUpdate(closed=(shown,), ask=following, chat_id=chat.chat_id)
    return GroupUpdate(closed=(shown,), scoreboard=results.end(play, challenge, stopped_by), chat_id=chat.chat_id)


def _stopped_unposted(play: Play, question: QuestionRow, challenge: Challenge, chat_id: str, by: str) -> GroupUpdate:
    """The round stopped while its question waited to be posted (the group out of messages): that question
    was never asked, so it goes; the last question posted carries the scoreboard when it cannot be posted."""
    play.session.delete(question)
    play.session.flush()
    posted = play.session.scalars(
        select(QuestionRow)
        .where(QuestionRow.challenge_id == challenge.id, QuestionRow.message_ref.is_not(None))
        .order_by(QuestionRow.position.desc())
        .limit(1)
    ).first()
    closed = (results.closed_question(play.session, posted, challenge),) if posted is not None else ()
    return GroupUpdate(closed=closed, scoreboard=results.end(play, challenge, by), chat_id=chat_id)


def abandon(session: Session, question_id: int, now: datetime) -> None:
    """A question whose close failed: closed as it is, its challenge ended, without a scoreboard."""
    question = session.get(QuestionRow, question_id)
    if question is not None and store.claim_close(session, question_id, now):
        challenge = session.get(Challenge, question.challenge_id)
        if challenge is not None:
            challenge.ended_at = now
