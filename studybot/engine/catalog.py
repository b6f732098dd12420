"""Cards and decks as the engine reads them: light rows, with parsed cards cached by content hash.

Card content changes only on import, and an import changes its hash, so a cached parse is never
stale; the cache only saves re-validating the same JSON on every question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Select, and_, bindparam, select
from sqlalchemy.orm import Session

from studybot.decks.schema import AnyCard, ClozeCard, ShortCard
from studybot.engine.cards import accepted_answers, parse_content
from studybot.storage import queue, repo, reviews
from studybot.storage.direct import Direct
from studybot.storage.fsrs_params import MemoryModel
from studybot.storage.models import Card, CardState, Deck, PendingPrompt, User
from studybot.storage.repo import Profile

MAX_CACHED = 20_000
_ID: BindParameter[Any] = bindparam("id")
# the deck's hash comes with the card: the deck's title and sources are then read from the cache, not the database
_CARD = select(*queue.CARD_ROW).join(Deck, Deck.id == Card.deck_id).where(Card.id == _ID)
_QUESTION = (  # the open question, its card and the learner's memory of it: every answer needs all three
    *(getattr(PendingPrompt, f) for f in ("user_id", *reviews.PENDING_FIELDS)),
    *_CARD.selected_columns,
    *reviews.MEMORY_COLUMNS,
)


def _card_and_memory(query: Select[Any]) -> Select[Any]:
    """`query`, which reads a pending prompt, joined to its card and the learner's memory of it."""
    memory = and_(CardState.user_id == PendingPrompt.user_id, CardState.card_id == PendingPrompt.card_id)
    return (
        query.outerjoin(Card, Card.id == PendingPrompt.card_id)
        .outerjoin(Deck, Deck.id == Card.deck_id)
        .outerjoin(CardState, memory)
    )


_PENDING_CARD = _card_and_memory(select(*_QUESTION).where(PendingPrompt.user_id == _ID))
# a turn that will read the open question (an answer, /quiz) reads it with the learner: one round trip fewer
_LEARNER_AND_QUESTION = Direct(
    _card_and_memory(
        repo.FIND_LEARNER.add_columns(*_QUESTION).outerjoin(PendingPrompt, PendingPrompt.user_id == User.id)
    )
)
_CARD_CONTENT = Direct(select(Card.content).where(Card.id == _ID))
_DECK_HASH = Direct(select(Deck.content_hash).where(Deck.id == _ID))
_DECK = select(Deck.id, Deck.title, Deck.sources).where(Deck.id == _ID)
_LOAD_CARD, _LOAD_PENDING_CARD = Direct(_CARD), Direct(_PENDING_CARD)
_TYPED_CARDS = select(Card.id, Card.content).where(
    Card.deck_id == _ID, Card.kind.in_(("short", "cloze")), Card.retired.is_(False)
)


@dataclass(frozen=True)
class CardRef:
    id: int
    deck_id: str
    kind: str
    position: int
    retired: bool
    model: AnyCard
    deck_hash: str | None = None  # the deck's content hash when the card was read: `deck_of` needs no query


@dataclass(frozen=True)
class DeckRef:
    id: str
    title: str
    sources: dict[str, Any]


_cards: dict[tuple[int, str], AnyCard] = {}
_decks: dict[tuple[str, str], DeckRef] = {}
_answers: dict[tuple[str, str], dict[int, tuple[str, ...]]] = {}


def load_card(session: Session, card_id: int) -> CardRef | None:
    row = queue.picked_row(session, card_id) or _LOAD_CARD.first(session, {"id": card_id})
    return None if row is None else _card_ref(session, tuple(row))


def _card_ref(session: Session, row: tuple[Any, ...]) -> CardRef:
    card_id, deck_id, kind, position, retired, card_hash, deck_hash = row
    key = (card_id, card_hash)
    model = _cards.get(key)
    if model is None:
        model = parse_content(_CARD_CONTENT.scalar_one(session, {"id": card_id}))
        _remember(_cards, key, model)
    return CardRef(card_id, deck_id, kind, position, retired, model, deck_hash)


OpenQuestion = tuple[reviews.Pending, CardRef | None]


def find_learner_asking(session: Session, platform: str, external_id: str) -> tuple[Profile, MemoryModel | None] | None:
    """`repo.find_learner`, with the learner's open question read in the same statement: the first
    `open_question` of this transaction then needs none, unless the question changed in between."""
    row = _LEARNER_AND_QUESTION.first(session, {"platform": platform, "external_id": external_id})
    if row is None:
        return None
    user, model = repo.learner_of(row)
    question = tuple(row[repo.LEARNER_WIDTH :])
    session.info[reviews.QUESTION_READ] = (
        user.id,
        None if question[0] is None else _opened(session, user.id, question),
    )
    return user, model


def open_question(session: Session, user_id: int) -> OpenQuestion | None:
    """The learner's open question and its card (None when the card is gone), as `reviews.get_pending`
    and `load_card` read them."""
    read = session.info.pop(reviews.QUESTION_READ, None)  # once: what the turn does next may change it
    if read is not None and read[0] == user_id:
        return read[1]  # type: ignore[no-any-return]
    row = _LOAD_PENDING_CARD.first(session, {"id": user_id})
    return None if row is None else _opened(session, user_id, tuple(row))


def _opened(session: Session, user_id: int, row: tuple[Any, ...]) -> OpenQuestion:
    names = ("user_id", *reviews.PENDING_FIELDS)
    width, card_width = len(names), len(_CARD.selected_columns)
    pending = reviews.Pending(**dict(zip(names, row[:width], strict=True)))
    card_row = tuple(row[width : width + card_width])
    reviews.read_with_question(session, user_id, pending.card_id, tuple(row[width + card_width :]))
    return pending, None if card_row[0] is None else _card_ref(session, card_row)


def deck_of(session: Session, card: CardRef) -> DeckRef:
    """The card's deck, as of the transaction that read the card."""
    return load_deck(session, card.deck_id, card.deck_hash)


def load_deck(session: Session, deck_id: str, digest: str | None = None) -> DeckRef:
    """`digest`: the deck's content hash, when the caller read it already."""
    if digest is None:
        digest = _DECK_HASH.scalar_one(session, {"id": deck_id})
    deck = _decks.get((deck_id, digest))
    if deck is None:
        row = session.connection().execute(_DECK, {"id": deck_id}).one()
        deck = DeckRef(row.id, row.title, row.sources)
        _remember(_decks, (deck_id, digest), deck)
    return deck


def typed_answers(session: Session, deck_id: str, digest: str | None = None) -> dict[int, tuple[str, ...]]:
    """The accepted answers of every live typed card of a deck, by card id (`digest`: as in `load_deck`)."""
    if digest is None:
        digest = _DECK_HASH.scalar_one(session, {"id": deck_id})
    answers = _answers.get((deck_id, digest))
    if answers is None:
        answers = {}
        for row in session.connection().execute(_TYPED_CARDS, {"id": deck_id}):
            model = parse_content(row.content)
            if isinstance(model, ShortCard | ClozeCard):
                answers[row.id] = accepted_answers(model)
        _remember(_answers, (deck_id, digest), answers)
    return answers


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= MAX_CACHED:
        cache.clear()
    cache[key] = value
