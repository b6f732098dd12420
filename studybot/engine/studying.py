"""`/quiz DECK`: study one subscribed deck for now, until it has nothing more to ask or `/quiz all`."""

from __future__ import annotations

from studybot.engine import asking, decknames
from studybot.engine.catalog import load_card
from studybot.engine.offers import ALL
from studybot.engine.replies import DeckAction, DeckList, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import repo, reviews
from studybot.storage.models import Deck


def study(turn: Turn, name: str) -> Prompt | Notice | DeckList:
    """Ask from deck `name` only from now on ("all": every subscribed deck again)."""
    if name.strip().lower() == ALL:
        turn.user = repo.update_profile(turn.session, turn.user, study_deck=None)
        return _with_note("Back to all your decks.", asking.next_prompt(turn))
    deck = decknames.find(turn, name, DeckAction.STUDY)
    if not isinstance(deck, Deck):
        return deck
    if deck.id not in repo.subscribed_deck_ids(turn.session, turn.user.id):
        return Notice(f"You are not subscribed to {deck.title}. Send /subscribe {deck.id} first.", Level.ERROR)
    turn.user = repo.update_profile(turn.session, turn.user, study_deck=deck.id)
    _drop_question_from_other_decks(turn, deck.id)
    reply = asking.next_prompt(turn)
    if turn.user.study_deck is None:  # nothing to ask in that deck: the reply says so
        return reply
    return _with_note(f"Studying {deck.title} only, for now. /quiz all goes back to every deck.", reply)


def _drop_question_from_other_decks(turn: Turn, deck_id: str) -> None:
    pending = reviews.get_pending(turn.session, turn.user.id)
    card = load_card(turn.session, pending.card_id) if pending else None
    if card is not None and card.deck_id != deck_id:
        reviews.drop_pending(turn.session, turn.user.id)


def _with_note(note: str, reply: Prompt | Notice) -> Notice:
    if isinstance(reply, Prompt):
        return Notice(note, next=reply)
    return Notice(f"{note} {reply.text}", reply.level, reply.next)
