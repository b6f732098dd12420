"""Sharing and deleting a learner's own deck.

`/share DECK` gives the deck a code; a learner who sends `/subscribe deck-CODE` (or follows the
Telegram deep link) studies it with their own schedule. `/share DECK off` forgets the code: nobody new
can join, those who joined keep studying. `/deletedeck DECK` asks first, then deletes the deck with
every card, schedule and review of it (everyone's: it was the owner's to delete)."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import delete, func, select, update

from studybot.engine.replies import Level, Notice
from studybot.engine.turn import NONCE_ALPHABET, Turn
from studybot.engine.wording import count
from studybot.storage import repo
from studybot.storage.models import Card, ReviewLog, Subscription, User
from studybot.storage.models import Deck as DeckRow
from studybot.storage.ownership import owned_named

CODE_PREFIX = "deck-"
CODE_LENGTH = 10
_CODE = re.compile(r"deck-([A-Za-z0-9]{10})", re.ASCII)
CONFIRM = "confirm"


def is_code(text: str) -> bool:
    return _CODE.fullmatch(text.strip()) is not None


def own_deck(turn: Turn, name: str) -> DeckRow | None:
    """The learner's deck by its short name first (an operator's deck may have the same id: it cannot be
    shared or deleted, theirs can), else by anything `repo.find_deck` reads that names a deck of theirs."""
    key = name.strip().lower()
    if not key:
        return None
    mine = turn.session.scalars(select(DeckRow).where(owned_named(turn.user.id, key)).order_by(DeckRow.id)).first()
    deck = mine or repo.find_deck(turn.session, key, turn.user.id)
    return deck if deck is not None and deck.owner_id == turn.user.id else None


def _not_yours(name: str, command: str) -> Notice:
    if not name.strip():
        return Notice(f"Which deck? /{command} DECK, for a deck of yours (/decks lists them).", Level.ERROR)
    return Notice(f"You have no deck called “{name.strip()[:64]}”. /decks lists yours.", Level.ERROR)


def share(turn: Turn, args: str) -> Notice:
    name, off = args.strip(), False
    if name.lower().endswith(" off"):
        name, off = name[:-4].strip(), True
    deck = own_deck(turn, name)
    if deck is None:
        return _not_yours(name, "share")
    if off:
        turn.session.execute(update(DeckRow).where(DeckRow.id == deck.id).values(share_code=None))
        return Notice(f"{deck.title} is no longer shared. Those who joined keep studying it.")
    code = deck.share_code or _new_code(turn)
    turn.session.execute(update(DeckRow).where(DeckRow.id == deck.id).values(share_code=code))
    return Notice(
        f"Anyone can study {deck.title} with their own schedule: they send /subscribe {CODE_PREFIX}{code}. "
        f"/share {name} off stops new learners joining.",
        share_code=f"{CODE_PREFIX}{code}",
    )


def _new_code(turn: Turn) -> str:
    """From `secrets`, not the injected `rng`: a code is the key to a private deck, and the rng's output shows
    in every question's buttons, so it must not be predictable from them."""
    while True:
        code = "".join(secrets.choice(NONCE_ALPHABET) for _ in range(CODE_LENGTH))
        if turn.session.scalar(select(DeckRow.id).where(DeckRow.share_code == code)) is None:
            return code


def subscribe_by_code(turn: Turn, text: str) -> Notice:
    match = _CODE.fullmatch(text.strip())
    deck = (
        None if match is None else turn.session.scalars(select(DeckRow).where(DeckRow.share_code == match[1])).first()
    )
    if deck is None:
        return Notice("That share code is unknown or no longer shared. Ask its owner for a new one.", Level.ERROR)
    if not repo.subscribe(turn.session, turn.user.id, deck.id, turn.now):
        return Notice(f"You are already subscribed to {deck.title}.")
    return Notice(f"Subscribed to {deck.title}, shared with you. Send /quiz to start.")


def delete_deck(turn: Turn, args: str) -> Notice:
    words = args.split()
    confirmed = len(words) > 1 and words[-1].lower() == CONFIRM
    name = " ".join(words[:-1] if confirmed else words)
    deck = own_deck(turn, name)
    if deck is None:
        return _not_yours(name, "deletedeck")
    card_ids = select(Card.id).where(Card.deck_id == deck.id)
    reviews = turn.session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.card_id.in_(card_ids)))
    if not confirmed:
        learners = turn.session.scalar(select(func.count()).where(Subscription.deck_id == deck.id))
        return Notice(
            f"This deletes {deck.title} with its {count(int(reviews or 0), 'review')} "
            f"({count(int(learners or 0), 'learner')} studying it). Send /deletedeck {name} {CONFIRM} to go ahead.",
            confirm_delete=deck.id,
        )
    for column in (User.study_deck, User.cram_deck):
        turn.session.execute(update(User).where(column == deck.id).values({column.key: None}))
    turn.session.execute(delete(DeckRow).where(DeckRow.id == deck.id))  # cards, states, reviews cascade
    turn.user = repo.find_user(turn.session, turn.user.platform, turn.user.external_id) or turn.user
    return Notice(f"Deleted {deck.title} and its {count(int(reviews or 0), 'review')}.")
