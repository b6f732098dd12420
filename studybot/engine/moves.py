"""Hint and skip: moves on the open question that grade nothing."""

from __future__ import annotations

from studybot.decks.schema import McqCard
from studybot.engine import asking, hints
from studybot.engine.cards import prompt_text
from studybot.engine.catalog import load_card
from studybot.engine.replies import Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import reviews

NO_OPEN = "No question is open. Send /quiz to get one."
SKIPPED_CHARS = 60  # of the skipped question, quoted


def hint(turn: Turn) -> Notice:
    """The next hint for the open question; a multiple-choice question comes back with choices ruled out."""
    pending = reviews.get_pending(turn.session, turn.user.id)
    if pending is None or pending.expires_at <= turn.now:
        return Notice(NO_OPEN, Level.ERROR)
    card = load_card(turn.session, pending.card_id)
    assert card is not None
    level = pending.hints + 1
    if level > hints.levels(card.model):
        return Notice("No more hints for this card." if pending.hints else "No hint for this card.", Level.ERROR)
    pending = reviews.update_pending(turn.session, pending, hints=level, hint_used=True)
    said = hints.text(card.model, pending.nonce, level)
    again = asking.render_pending(turn, pending, card) if isinstance(card.model, McqCard) else None
    return Notice(f"Hint: {said} (a right answer after a hint counts as Hard)", next=again)


def skip(turn: Turn) -> Notice:
    """Set the open question aside until the learner's next local day, say which it was, and ask another."""
    pending = reviews.get_pending(turn.session, turn.user.id)
    if pending is None:
        return Notice(NO_OPEN, Level.ERROR)
    reviews.drop_pending(turn.session, turn.user.id)
    card = load_card(turn.session, pending.card_id)
    what = f"Skipped “{_short(prompt_text(card.model))}”" if card is not None else "Skipped"
    if pending.cram:  # cram changes no schedule, so the card is not buried: the loop moves on
        return _then(f"{what}.", asking.next_cram(turn, exclude=pending.card_id))
    reviews.bury(turn.session, turn.user.id, pending.card_id, turn.local_midnight(days_ahead=1))
    return _then(f"{what} — back tomorrow.", asking.next_prompt(turn))


def _short(question: str) -> str:
    line = " ".join(question.split())
    return line if len(line) <= SKIPPED_CHARS else line[: SKIPPED_CHARS - 1] + "…"


def _then(said: str, reply: Prompt | Notice) -> Notice:
    if isinstance(reply, Prompt):
        return Notice(said, next=reply)
    return Notice(f"{said} {reply.text}", reply.level, reply.next)
