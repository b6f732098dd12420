"""How a challenge question and a round end up: the closed question's result, and the round's scoreboard."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from studybot.engine.groups import scoring, store
from studybot.engine.groups.asking import shown
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import ClosedQuestion, Scoreboard, ScoreRow, Winner
from studybot.engine.groups.tables import Challenge
from studybot.engine.groups.tables import ChallengeQuestion as QuestionRow


def closed_question(session: Session, question: QuestionRow, challenge: Challenge) -> ClosedQuestion:
    was = shown(session, question)
    answers = store.answers_to(session, question.id)
    right = tuple(Winner(name or "someone", ms / 1000, points) for name, correct, ms, points in answers if correct)
    return ClosedQuestion(
        ref=None if question.message_ref in (store.HELD, store.LOST) else question.message_ref,  # never posted
        nonce=question.nonce,
        position=question.position + 1,
        total=len(challenge.card_ids),
        title=challenge.deck_title,
        text=was.text if was else "(this card has changed since)",
        answer=was.answer if was else "?",
        right=right,
        wrong=sum(not correct for _name, correct, _ms, _points in answers),
    )


def end(play: Play, challenge: Challenge, stopped_by: str | None) -> Scoreboard:
    challenge.ended_at, challenge.stopped = play.now, stopped_by is not None
    scores = store.challenge_scores(play.session, challenge.id)
    ranks = scoring.ranks([points for _id, _name, points, _right in scores])
    rows = tuple(
        ScoreRow(rank, name or "someone", points, right)
        for rank, (_id, name, points, right) in zip(ranks, scores, strict=True)
    )
    posted = or_(QuestionRow.message_ref.is_(None), QuestionRow.message_ref != store.LOST)
    count = select(func.count()).where(QuestionRow.challenge_id == challenge.id, posted)
    asked = play.session.scalar(count) or 0
    return Scoreboard(challenge.deck_title, rows, asked, stopped_by)
