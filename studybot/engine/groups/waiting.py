"""Challenge questions that wait to be posted: a platform that cannot post one now (a Telegram group over its
20 messages a minute) holds it, and posts it when the chat can take it again. A held question is not timed:
its clock starts when it is posted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from studybot.engine.groups.asking import question_of
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import ChallengeQuestion
from studybot.engine.groups.store import HELD, LOST
from studybot.engine.groups.tables import Challenge, GroupChat
from studybot.engine.groups.tables import ChallengeQuestion as QuestionRow


def hold(session: Session, nonce: str) -> None:
    """The question could not be posted: it waits (untimed) until `reopen`."""
    claim = update(QuestionRow).where(
        QuestionRow.nonce == nonce, QuestionRow.closed_at.is_(None), QuestionRow.message_ref.is_(None)
    )
    session.execute(claim.values(message_ref=HELD).execution_options(synchronize_session=False))


def lose(session: Session, nonce: str) -> None:
    """The platform refused to post the question (not just yet: refused): nobody saw it, so the round's
    scoreboard does not count it. It closes on its timer, as if nobody had answered, and the round goes on."""
    lost = update(QuestionRow).where(
        QuestionRow.nonce == nonce,
        QuestionRow.closed_at.is_(None),
        or_(QuestionRow.message_ref.is_(None), QuestionRow.message_ref == HELD),
    )
    session.execute(lost.values(message_ref=LOST).execution_options(synchronize_session=False))


def held(session: Session, platform: str) -> list[tuple[str, str]]:
    """(chat id, nonce) of `platform`'s questions waiting to be posted."""
    query = (
        select(GroupChat.chat_id, QuestionRow.nonce)
        .join(Challenge, Challenge.id == QuestionRow.challenge_id)
        .join(GroupChat, GroupChat.id == Challenge.chat)
        .where(QuestionRow.message_ref == HELD, QuestionRow.closed_at.is_(None), GroupChat.platform == platform)
        .order_by(QuestionRow.opened_at)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def reopen(play: Play, nonce: str) -> ChallengeQuestion | None:
    """Take a held question to post it now (None when another process did, or it closed): its time starts."""
    row = play.session.scalars(select(QuestionRow).where(QuestionRow.nonce == nonce)).first()
    challenge = play.session.get(Challenge, row.challenge_id) if row is not None else None
    if row is None or challenge is None:
        return None
    claim = (
        update(QuestionRow)
        .where(QuestionRow.id == row.id, QuestionRow.message_ref == HELD, QuestionRow.closed_at.is_(None))
        .values(message_ref=None, opened_at=play.now, closes_at=play.now + timedelta(seconds=challenge.seconds))
        .returning(QuestionRow.id)
    )
    if play.session.connection().execute(claim).first() is None:
        return None
    play.session.refresh(row)
    return question_of(play.session, row, challenge)
