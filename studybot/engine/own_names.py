"""What a learner's own deck is called, so that the name they are told reaches it.

`repo.find_deck` looks up a deck id before the learner's own short names, so an own deck named like an
operator's deck (an upload called physics.csv beside the bundled `physics`) could not be reached by
its name: `/quiz physics` opened the operator's deck. A new upload with such a name is imported as
`my-NAME` instead, and the reply says so; a deck of that name the learner already has (uploaded
before this rule, or before the operator added theirs) keeps its name and is reached by its full id.
An upload called my-cards would have replaced what /add made: it becomes my-cards-2."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot.decks.formats.model import NAME_CHARS
from studybot.storage.models import Deck
from studybot.storage.ownership import BUNDLED, owned_named, short_name

PREFIX = "my-"
MY_CARDS = "my-cards"  # the deck /add fills (engine/own_decks.py)


def upload_name(session: Session, owner_id: int, name: str) -> tuple[str, str]:
    """The short name an upload called `name` is imported as, and the sentence that says why when it
    is not `name`."""
    if name == MY_CARDS:
        return _free(session, name), f"{name} is the deck /add fills"
    if not _operators(session, name) or session.scalar(select(Deck.id).where(owned_named(owner_id, name))):
        return name, ""
    return _free(session, PREFIX + name), f"“{name}” is one of my decks"


def _free(session: Session, base: str) -> str:
    """`base` or `base-2`, `base-3`, …: the first that is neither an operator's deck nor /add's."""
    base = base[: NAME_CHARS - 3].strip("-")
    candidates = [base, *(f"{base}-{n}" for n in range(2, 100))]
    usable = (c for c in candidates if c != MY_CARDS and not _operators(session, c))
    return next(usable, candidates[-1])


def reaching_name(session: Session, deck_id: str) -> str:
    """What the owner types to reach their deck: its short name, or its id when an operator's deck has
    that name."""
    name = short_name(deck_id)
    return deck_id if _operators(session, name) else name


def _operators(session: Session, deck_id: str) -> bool:
    return session.scalar(select(Deck.id).where(Deck.id == deck_id, BUNDLED)) is not None
