"""Which cards a challenge asks: multiple-choice and true/false cards of a bundled deck, or of every one.

Learners' own decks are private (storage/ownership.py): a group never sees them, even named by id."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot.storage import repo
from studybot.storage.models import Card, Deck
from studybot.storage.ownership import BUNDLED

TITLE_MAX = 200  # challenges.deck_title
OBJECTIVE = ("mcq", "truefalse")  # answerable with one press of a public button
EVERY_DECK = "every deck"


@dataclass(frozen=True)
class Picked:
    title: str
    card_ids: list[int]


def pick(session: Session, name: str | None, count: int, rng: Random) -> Picked | str:
    """`count` objective cards of deck `name` (None: of every deck) in random order; else why not."""
    query = (
        select(Card.id)
        .join(Deck, Deck.id == Card.deck_id)
        .where(BUNDLED, Card.retired.is_(False), Card.kind.in_(OBJECTIVE))
        .order_by(Card.id)
    )
    title = EVERY_DECK
    if name is not None:
        deck = repo.find_bundled_deck(session, name)
        if deck is None:
            return unknown_deck(session, name)
        query, title = query.where(Card.deck_id == deck.id), deck.title
    cards = list(session.scalars(query))
    if not cards:
        return f"{title} has no multiple-choice or true/false cards to play with."
    rng.shuffle(cards)
    return Picked(title, cards[:count])


def unknown_deck(session: Session, name: str) -> str:
    """ "There is no deck called …", with the nearest deck id or title when one is close."""
    shown = name.strip()[:64]
    names: dict[str, str] = {}
    for deck_id, title in session.execute(select(Deck.id, Deck.title).where(BUNDLED)):
        names[deck_id.casefold()] = deck_id
        names[title.casefold()] = deck_id
    close = difflib.get_close_matches(shown.casefold(), list(names), n=1, cutoff=0.6)
    hint = f" Did you mean {names[close[0]]}?" if close else " /decks lists them."
    return f"There is no deck called “{shown}”.{hint}"


def round_title(starter: str, deck: str) -> str:
    """ "Challenge by Alice · Physics basics", within the 200 characters it is stored in: a long name gives way."""
    room = TITLE_MAX - len(f"Challenge by  · {deck}")
    if len(starter) > room:
        starter = starter[: max(room - 1, 1)] + "…"
    return f"Challenge by {starter} · {deck}"[:TITLE_MAX]
