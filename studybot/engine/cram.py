"""`/cram DECK`: practise a deck's missed cards in a loop, graded as usual, without touching the schedule.

Cram questions are ordinary open questions marked `cram` (asking.present), answered through the usual
paths (answering.record leaves card_states alone for them and logs them as cram reviews). Cram lasts
until `/cram stop` or a scheduled `/quiz`.
"""

from __future__ import annotations

from collections.abc import Callable

from studybot.engine import asking, decknames
from studybot.engine.catalog import load_deck
from studybot.engine.replies import DeckAction, DeckList, GradeButtons, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage import cramming, repo, reviews
from studybot.storage.models import Deck

STOP = "stop"
NOT_CRAMMING = "You are not cramming. /cram DECK practises a deck's missed cards without changing your schedule."


def cram(turn: Turn, name: str) -> Prompt | Notice | DeckList:
    """Start cramming deck `name` ("stop": end the cram)."""
    if not name.strip():
        return Notice("Which deck? /cram DECK (see /decks), or /cram stop.", Level.ERROR)
    if name.strip().lower() == STOP:
        return stop(turn)
    deck = decknames.find(turn, name, DeckAction.CRAM)
    if not isinstance(deck, Deck):
        return deck
    cards = cramming.cram_set(turn.session, turn.user.id, deck.id)
    if not cards.card_ids:
        return Notice(f"You have not studied any card of {deck.title} yet: /quiz {deck.id} first.", Level.ERROR)
    _drop_open_question(turn)
    turn.user = repo.update_profile(turn.session, turn.user, cram_deck=deck.id, cram_since=turn.now)
    which = "you got wrong last time" if cards.missed else "you have seen (none was wrong last time)"
    note = (
        f"Cram: {deck.title}, {count(len(cards.card_ids), 'card')} {which}, in a loop. "
        "Answers are graded but your schedule does not change. /cram stop ends it."
    )
    first = asking.next_cram(turn)
    return Notice(note, next=first) if isinstance(first, Prompt) else first


def stop(turn: Turn) -> Notice:
    summary = end(turn)
    return Notice(f"{summary} /quiz for your scheduled cards.") if summary else Notice(NOT_CRAMMING)


def end(turn: Turn) -> str | None:
    """End the learner's cram, if any, and its open question (whose buttons then grade nothing);
    the sentence that says so, with the tally, or None when they were not cramming."""
    deck_id, since = turn.user.cram_deck, turn.user.cram_since
    if deck_id is None or since is None:
        return None
    pending = reviews.get_pending(turn.session, turn.user.id)
    if pending is not None and pending.cram:
        reviews.drop_pending(turn.session, turn.user.id)
    turn.user = repo.update_profile(turn.session, turn.user, cram_deck=None, cram_since=None)
    answered, right = cramming.cram_tally(turn.session, turn.user.id, since)
    title = load_deck(turn.session, deck_id).title
    return f"Cram of {title} is over: {count(answered, 'answer')}, {right} right. Your schedule is as it was."


Reply = Prompt | GradeButtons | Notice | DeckList


def leaving_cram(turn: Turn, scheduled: Callable[[Turn], Reply]) -> Reply:
    """A scheduled `/quiz`: it ends any cram first, and says so above what it asks."""
    summary = end(turn)
    reply = scheduled(turn)
    if summary is None:
        return reply
    if isinstance(reply, Notice):
        return Notice(f"{summary} {reply.text}", reply.level, reply.next)
    if isinstance(reply, Prompt):
        return Notice(summary, next=reply)
    if isinstance(reply, DeckList):
        return DeckList(reply.decks, " ".join(filter(None, [summary, reply.message])), reply.pick)
    return reply  # a revealed flashcard cannot be open: end() dropped the cram question


def _drop_open_question(turn: Turn) -> None:
    """A scheduled question left open comes back after the cram, as any unanswered card does."""
    if reviews.get_pending(turn.session, turn.user.id) is not None:
        reviews.drop_pending(turn.session, turn.user.id)
