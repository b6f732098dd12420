"""Deck control beyond one deck at a time: every deck at once, and decks imported after a learner joined,
which are offered to them (greeting, /decks, "all caught up") rather than silently left out."""

from __future__ import annotations

from studybot.engine.replies import Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage import repo

ALL = "all"
MAX_NAMED = 5


def offer(turn: Turn) -> str | None:
    """A sentence naming the decks that are new to the learner, or None."""
    decks = repo.new_decks(turn.session, turn.user)
    if not decks:
        return None
    names = ", ".join(f"{d.title} ({d.id})" for d in decks[:MAX_NAMED]) + (" …" if len(decks) > MAX_NAMED else "")
    return f"New {'deck' if len(decks) == 1 else 'decks'} for you: {names}. /subscribe DECK or /subscribe all."


def new_deck_ids(turn: Turn) -> set[str]:
    return {deck.id for deck in repo.new_decks(turn.session, turn.user)}


def mark_decks_seen(turn: Turn) -> None:
    turn.user = repo.update_profile(turn.session, turn.user, decks_seen_at=turn.now)


def subscribe_all(turn: Turn) -> Notice:
    added = sum(
        repo.subscribe(turn.session, turn.user.id, d.id, turn.now)
        for d, _ in repo.all_decks(turn.session, turn.user.id)
    )
    if not added:
        return Notice("You are already subscribed to every deck.")
    return Notice(f"Subscribed to {count(added, 'more deck')}. Send /quiz to start.")


def unsubscribe_all(turn: Turn) -> Notice:
    removed = repo.unsubscribe_all(turn.session, turn.user.id)
    if turn.user.study_deck:
        turn.user = repo.update_profile(turn.session, turn.user, study_deck=None)
    if not removed:
        return Notice("You are not subscribed to any deck. /decks lists them.")
    return Notice(f"Unsubscribed from {count(removed, 'deck')}. Your progress is kept if you come back.")
