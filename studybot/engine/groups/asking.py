"""Asking a challenge question, and what it showed. A question keeps its text, its choices in the order
posted and the right answer (`Shown`): presses and the close read them there, so a re-import that changes
or removes the card mid-round changes nothing for a question already asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from studybot.decks.schema import McqCard, TrueFalseCard
from studybot.engine.cards import TRUE_FALSE_LABELS, base_labels, expected_answer, prompt_text
from studybot.engine.catalog import load_card
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import ChallengeQuestion
from studybot.engine.groups.tables import Challenge
from studybot.engine.groups.tables import ChallengeQuestion as QuestionRow
from studybot.engine.replies import Choice
from studybot.storage.models import Card


@dataclass(frozen=True)
class Shown:
    text: str
    labels: list[str]  # in the order shown
    answer: str  # the right label


def ask(session: Session, play: Play, challenge: Challenge, position: int) -> ChallengeQuestion | None:
    """Open the challenge's first question from `position` on whose card is still a multiple-choice or
    true/false card (a re-import may have changed or removed the others); None when none is left."""
    for at in range(position, len(challenge.card_ids)):
        card = load_card(session, challenge.card_ids[at])
        if card is None or not isinstance(card.model, McqCard | TrueFalseCard):
            continue
        order = list(range(len(base_labels(card.model))))
        if isinstance(card.model, McqCard):
            play.rng.shuffle(order)
        labels = [base_labels(card.model)[i] for i in order]
        row = QuestionRow(
            challenge_id=challenge.id,
            position=at,
            card_id=card.id,
            nonce=play.new_nonce(),
            choice_order=order,
            prompt=prompt_text(card.model),
            labels=labels,
            answer=expected_answer(card.model),
            opened_at=play.now,
            closes_at=play.now + timedelta(seconds=challenge.seconds),
        )
        session.add(row)
        session.flush()
        return _question(row, challenge, labels, card.kind)
    return None


def question_of(session: Session, row: QuestionRow, challenge: Challenge) -> ChallengeQuestion | None:
    """How to post the question `row` (asked earlier and held); None when what it showed is lost."""
    was = shown(session, row)
    if was is None:
        return None
    card = session.get(Card, row.card_id) if row.card_id is not None else None
    kind = card.kind if card is not None else ("truefalse" if tuple(was.labels) == TRUE_FALSE_LABELS else "mcq")
    return _question(row, challenge, was.labels, kind)


def _question(row: QuestionRow, challenge: Challenge, labels: list[str], kind: str) -> ChallengeQuestion:
    return ChallengeQuestion(
        nonce=row.nonce,
        position=row.position + 1,
        total=len(challenge.card_ids),
        title=challenge.deck_title,
        kind=kind,
        text=row.prompt or "",
        choices=tuple(Choice(str(i + 1), label) for i, label in enumerate(labels)),
        seconds=challenge.seconds,
    )


def shown(session: Session, question: QuestionRow) -> Shown | None:
    """What the question showed; for a question asked before migration 0020, read from its card when it
    still fits; None when it does not (the question can only be closed)."""
    if question.prompt is not None and question.labels is not None and question.answer is not None:
        return Shown(question.prompt, list(question.labels), question.answer)
    card = load_card(session, question.card_id) if question.card_id is not None else None
    if card is None or not isinstance(card.model, McqCard | TrueFalseCard):
        return None
    labels = base_labels(card.model)
    if sorted(question.choice_order) != list(range(len(labels))):
        return None
    return Shown(prompt_text(card.model), [labels[i] for i in question.choice_order], expected_answer(card.model))
