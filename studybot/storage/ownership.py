"""Who may see which deck. The one place that says it, for every query that lists or finds decks.

A deck with no owner is the operator's (bundled, or `studybot import-deck`): everyone sees it. A learner's
own deck (uploaded, or `/add`) is seen by its owner and by the learners who subscribed to it with its
share code; nobody else can find, list, subscribe to or be offered it. Challenges and other shared places
use bundled decks only (`BUNDLED`).

Own decks live in their owner's namespace, `u<user id>.<name>` (`u<user id>-N.<name>` when a deck this
account made before it was linked, then unlinked, kept that id with the other learner): the dot is not
allowed in an operator's deck id (decks/schema.py `Slug`), so neither kind can ever take over the other's id.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from studybot.storage.models import Deck, Subscription

BUNDLED: ColumnElement[bool] = Deck.owner_id.is_(None)
"""The operator's decks: the only ones a group challenge or any other shared place may use."""


def own_deck_id(owner_id: int, name: str, attempt: int = 1) -> str:
    """The id a new own deck takes; a later `attempt` when the first is taken (a deck made by this account
    that stayed with the learner it was linked to keeps its id after /unlink)."""
    return f"u{owner_id}.{name}" if attempt == 1 else f"u{owner_id}-{attempt}.{name}"


def owned_named(owner_id: int, name: str) -> ColumnElement[bool]:
    """A WHERE clause: the learner's own deck called `name`, whatever account namespaced it (a deck keeps
    its id when its owner's accounts are linked and it follows the learner)."""
    return and_(Deck.owner_id == owner_id, Deck.id.endswith(f".{name}", autoescape=True))


def shared_named(user_id: int, name: str) -> ColumnElement[bool]:
    """A WHERE clause: decks of other learners called `name` (the short name) that learner `user_id` studies."""
    studied = select(Subscription.deck_id).where(Subscription.user_id == user_id)
    return and_(Deck.owner_id != user_id, Deck.id.endswith(f".{name}", autoescape=True), Deck.id.in_(studied))


def short_name(deck_id: str) -> str:
    """What the owner types for their deck: the id without its namespace."""
    return deck_id.partition(".")[2] or deck_id


def visible_to(user_id: int) -> ColumnElement[bool]:
    """A WHERE clause: decks that learner `user_id` may see (operator's, their own, shared ones they study)."""
    studied = select(Subscription.deck_id).where(Subscription.user_id == user_id)
    return or_(BUNDLED, Deck.owner_id == user_id, Deck.id.in_(studied))


def is_visible(deck: Deck, user_id: int, subscribed: set[str]) -> bool:
    """`visible_to` for a deck already loaded."""
    return deck.owner_id is None or deck.owner_id == user_id or deck.id in subscribed
