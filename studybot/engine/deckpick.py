"""Choosing a deck by tap: the "which deck?" questions and the taps that answer them.

A command that needs a deck and got none (`/cram`, `/unsubscribe`, `/quiz` with no decks yet) answers with
the decks to choose from (a DeckList with `pick`); adapters show them as buttons or a select menu, and a
tap comes back as `pick(turn, action, deck)`. Near-miss names are decknames.py's.
"""

from __future__ import annotations

from studybot.engine import account, asking, cram, offers, studying
from studybot.engine.decknames import NO_DECKS_LOADED, find, infos
from studybot.engine.replies import DeckAction, DeckList, GradeButtons, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import repo
from studybot.storage.models import Deck

QUESTIONS = {
    DeckAction.SUBSCRIBE: "Which deck? Tap one to subscribe.",
    DeckAction.UNSUBSCRIBE: "Which deck do you want to leave? Your progress is kept if you come back.",
    DeckAction.CRAM: "Which deck do you want to cram? Its missed cards come back in a loop; your schedule stays.",
    DeckAction.STUDY: "Which deck do you want to study now?",
}
NO_DECKS = "You have no decks yet. Pick one to start studying it."

Reply = Prompt | GradeButtons | Notice | DeckList


def ask(turn: Turn, action: DeckAction) -> DeckList | Notice:
    """ "Which deck?" for `action`: the learner's decks (every deck to subscribe or study from)."""
    every = action in (DeckAction.SUBSCRIBE, DeckAction.STUDY)
    decks = infos(turn, subscribed_only=not every)
    if action is DeckAction.SUBSCRIBE:
        decks = tuple(d for d in decks if not d.subscribed)
        if not decks:
            return Notice("You are already subscribed to every deck." if infos(turn) else NO_DECKS_LOADED)
    if not decks and action is DeckAction.UNSUBSCRIBE:
        return Notice("You are not subscribed to any deck. /decks lists them.")
    if not decks:
        return starter(turn)
    return DeckList(decks, QUESTIONS[action], action)


def current(turn: Turn) -> Reply:
    """What a plain /quiz shows: for a learner without decks, every deck to choose from."""
    if not repo.subscribed_deck_ids(turn.session, turn.user.id):
        return starter(turn)
    return asking.current(turn)


def starter(turn: Turn, message: str = NO_DECKS) -> DeckList | Notice:
    """For a learner without decks: every deck, a tap subscribes and asks its first card."""
    decks = infos(turn)
    if not decks:
        return Notice(NO_DECKS_LOADED, Level.ERROR)
    return DeckList(decks, message, DeckAction.STUDY)


def pick(turn: Turn, action: DeckAction, name: str) -> Reply:
    """A tap on deck `name` ("all": every deck) in a DeckList doing `action`."""
    match action:
        case DeckAction.SUBSCRIBE:
            return account.subscribe(turn, name)
        case DeckAction.UNSUBSCRIBE:
            return account.unsubscribe(turn, name)
        case DeckAction.CRAM:
            return cram.cram(turn, name)
    return cram.leaving_cram(turn, lambda t: _study(t, name))


def _study(turn: Turn, name: str) -> Prompt | Notice | DeckList:
    """Subscribe to the deck if need be, then ask its first card (all decks: every deck, then the next card)."""
    if name.strip().lower() == offers.ALL:
        account.subscribe_all_decks(turn)
        return asking.next_prompt(turn)
    found = find(turn, name, DeckAction.STUDY)
    if not isinstance(found, Deck):
        return found
    joined = repo.subscribe(turn.session, turn.user.id, found.id, turn.now)
    reply = studying.study(turn, found.id)
    if joined and isinstance(reply, Notice):
        return Notice(f"Subscribed to {found.title}. {reply.text}", reply.level, reply.next)
    return reply
