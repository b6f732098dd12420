"""Deck names as learners type them: an id or a title, a shared deck's short name, or a near miss (`gc` →
`gc-tricolor`), which is answered with the decks it most likely means, to tap. The one rule every deck
command uses."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import select

from studybot.engine.replies import DeckAction, DeckInfo, DeckList, Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage import repo
from studybot.storage.models import Deck
from studybot.storage.ownership import shared_named, short_name

MAX_SUGGESTED = 3
SIMILAR = 75  # rapidfuzz WRatio (0-100) from which a deck name counts as a near miss
NO_DECKS_LOADED = "No decks are loaded yet. An admin adds them with `studybot import-deck`."


def infos(turn: Turn, *, subscribed_only: bool = False) -> tuple[DeckInfo, ...]:
    """The decks the learner may see (the operator's, their own, shared ones they study); their own last,
    where adapters put them under "Yours"."""
    mine = repo.subscribed_deck_ids(turn.session, turn.user.id)
    found = (
        DeckInfo(d.id, d.title, d.description, n, d.id in mine, yours=d.owner_id == turn.user.id)
        for d, n in repo.all_decks(turn.session, turn.user.id)
        if d.id in mine or not subscribed_only
    )
    return tuple(sorted(found, key=lambda info: info.yours))


def named(turn: Turn, name: str) -> Deck | list[Deck] | None:
    """The deck `name` names: an id, a title, an own deck's short name, or the short name of a deck shared
    with the learner; the shared decks it could mean when several have that short name (to ask which)."""
    deck = repo.find_deck(turn.session, name, turn.user.id)
    if deck is not None:
        return deck
    query = select(Deck).where(shared_named(turn.user.id, name.strip().lower())).order_by(Deck.id)
    shared = list(turn.session.scalars(query))
    return shared[0] if len(shared) == 1 else shared or None


def which(name: str, decks: list[Deck]) -> str:
    ids = ", ".join(d.id for d in decks[:-1]) + f" and {decks[-1].id}"
    return f"“{name.strip()[:64]}” names {count(len(decks), 'deck')} shared with you: {ids}. Which one?"


def find(turn: Turn, name: str, action: DeckAction) -> Deck | DeckList | Notice:
    """The deck `name` names (see `named`), else the decks it most likely means, to tap, else an error."""
    deck = named(turn, name)
    if isinstance(deck, Deck):
        return deck
    if deck:
        ids = {d.id for d in deck}
        return DeckList(tuple(d for d in infos(turn) if d.id in ids), which(name, deck), action, complete=False)
    shown = name.strip()[:64]
    close = suggestions(turn, name)
    if not close:
        return Notice(f"There is no deck called “{shown}”. /decks lists them.", Level.ERROR)
    meant = " or ".join(f"{d.title} ({short_name(d.id) if d.yours else d.id})" for d in close)
    return DeckList(close, f"There is no deck called “{shown}”. Did you mean {meant}?", action, complete=False)


def suggestions(turn: Turn, name: str) -> tuple[DeckInfo, ...]:
    """Decks whose id or title starts with `name` (or a word of it does), else those rapidfuzz finds close."""
    wanted = name.strip().casefold()
    if not wanted or len(wanted) > 64:
        return ()
    decks = infos(turn)
    starts = [d for d in decks if any(_starts(text.casefold(), wanted) for text in (d.id, d.title))]
    if starts:
        return tuple(starts[:MAX_SUGGESTED])
    names = {i: f"{d.id} {d.title}".casefold() for i, d in enumerate(decks)}
    found = process.extract(wanted, names, scorer=fuzz.WRatio, score_cutoff=SIMILAR, limit=MAX_SUGGESTED)
    return tuple(decks[index] for _name, _score, index in found)


def _starts(text: str, prefix: str) -> bool:
    return text.startswith(prefix) or any(word.startswith(prefix) for word in text.replace("-", " ").split())
