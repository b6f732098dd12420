"""Hint and skip: moves on the open question that grade nothing."""

from __future__ import annotations

from studybot.decks.schema import AnyCard, ClozeCard, McqCard, ShortCard
from studybot.engine import asking
from studybot.engine.cards import accepted_answers
from studybot.engine.catalog import load_card
from studybot.engine.replies import Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import reviews

NO_OPEN = "No question is open. Send /quiz to get one."


def hint(turn: Turn) -> Notice:
    pending = reviews.get_pending(turn.session, turn.user.id)
    if pending is None or pending.expires_at <= turn.now:
        return Notice(NO_OPEN, Level.ERROR)
    card = load_card(turn.session, pending.card_id)
    assert card is not None
    model = card.model
    text = hint_text(model, pending.choice_order, turn)
    if text is None:
        return Notice("No hint for this card.", Level.ERROR)
    reviews.update_pending(turn.session, pending, hint_used=True)
    return Notice(f"Hint: {text} (a right answer after a hint counts as Hard)")


def hint_text(model: AnyCard, order: list[int] | None, turn: Turn) -> str | None:
    if model.hint is not None:
        return model.hint
    if isinstance(model, McqCard):
        shown = [model.choices[i] for i in (order or range(len(model.choices)))]
        wrong = [label for label in shown if label != model.answer]
        ruled_out = sorted(turn.rng.sample(wrong, k=max(1, len(wrong) // 2)), key=shown.index)
        return "it is not " + " and not ".join(f"“{label}”" for label in ruled_out) + "."
    if isinstance(model, ShortCard | ClozeCard):
        answer = accepted_answers(model)[0]
        return f"starts with “{answer[0]}”, {len(answer)} characters."
    return None


def skip(turn: Turn) -> Prompt | Notice:
    """Set the open question aside until the learner's next local day, and ask another."""
    pending = reviews.get_pending(turn.session, turn.user.id)
    if pending is None:
        return Notice(NO_OPEN, Level.ERROR)
    reviews.drop_pending(turn.session, turn.user.id)
    reviews.bury(turn.session, turn.user.id, pending.card_id, turn.local_midnight(days_ahead=1))
    reply = asking.next_prompt(turn)
    if isinstance(reply, Prompt):
        return reply
    return Notice("Skipped until tomorrow. " + reply.text)
