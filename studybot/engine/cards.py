"""Stored card rows → typed deck cards, and the texts derived from them."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import TypeAdapter

from studybot.decks.schema import AnyCard, ClozeCard, McqCard, ShortCard, TrueFalseCard
from studybot.decks.schema import Card as CardModel
from studybot.engine import answer_forms, answer_units
from studybot.engine.replies import Citation, QuizPoll


class _HasSources(Protocol):
    @property
    def sources(self) -> dict[str, Any]: ...


_adapter: TypeAdapter[AnyCard] = TypeAdapter(CardModel)
TRUE_FALSE_LABELS = ("True", "False")


def parse_content(content: object) -> AnyCard:
    return _adapter.validate_python(content)


def prompt_text(card: AnyCard) -> str:
    if isinstance(card, McqCard | ShortCard):
        return card.question
    if isinstance(card, TrueFalseCard):
        return card.statement
    if isinstance(card, ClozeCard):
        return card.masked_text
    return card.front


def base_labels(card: AnyCard) -> tuple[str, ...]:
    """Choice labels in file order (mcq) or fixed order (true/false); none for typed cards."""
    if isinstance(card, McqCard):
        return card.choices
    if isinstance(card, TrueFalseCard):
        return TRUE_FALSE_LABELS
    return ()


def expected_answer(card: AnyCard) -> str:
    if isinstance(card, McqCard):
        return card.answer
    if isinstance(card, TrueFalseCard):
        return TRUE_FALSE_LABELS[0] if card.answer else TRUE_FALSE_LABELS[1]
    if isinstance(card, ShortCard):
        return card.answers[0]
    if isinstance(card, ClozeCard):
        return card.gap_answers[0]
    return card.back


def accepted_answers(card: ShortCard | ClozeCard) -> tuple[str, ...]:
    """The card's forms, canonical first, then the number alone of a form whose unit the question names."""
    forms = card.answers if isinstance(card, ShortCard) else card.gap_answers
    return forms + answer_units.numbers_alone(forms, prompt_text(card))


def asks_for_threshold(card: ShortCard | ClozeCard) -> bool:
    """The card asks "more than how many …" (or its gap follows "more than"): "over 60,000" answers it."""
    if isinstance(card, ShortCard):
        return answer_forms.asks_for_threshold(card.question)
    return answer_forms.gap_follows_threshold(card.masked_text.partition("____")[0])


def citation(card: AnyCard, deck: _HasSources) -> Citation:
    source = deck.sources.get(card.source, {})
    location = source.get("url") or source.get("ref")  # never `file`: a note only the deck's author has
    return Citation(title=source.get("title", card.source), section=card.section, location=location)


def quiz_poll(card: AnyCard, order: list[int], nonce: str) -> QuizPoll | None:
    """A multiple-choice or true/false card as a native quiz poll, its options in presentation `order`."""
    if not isinstance(card, McqCard | TrueFalseCard):
        return None
    shown = [base_labels(card)[i] for i in order]
    return QuizPoll(
        nonce=nonce,
        question=prompt_text(card),
        options=tuple(shown),
        keys=tuple(str(i + 1) for i in range(len(shown))),
        correct=shown.index(expected_answer(card)),
        explanation=card.explanation,
    )
