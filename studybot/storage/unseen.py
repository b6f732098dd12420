"""New cards: each subscribed deck's first card the learner has not seen, found from the deck's cursor, and
how many unseen cards wait. Built once, as queue.py's picks are (:uid, :now, :deck, :pos, :cap)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, exists, false, func, literal, select, update
from sqlalchemy.orm import Session, aliased

from studybot.storage.direct import Direct
from studybot.storage.engines import is_read_only
from studybot.storage.models import BuriedCard, Card, CardState, Deck, ReviewLog, Subscription
from studybot.storage.queue import BURIED, NOW, UID, remember_picked

# The new-card cursor moves once it lags this many positions: a search then passes at most this many seen
# cards, and a learner meeting new cards writes the cursor once every this many answers, not on each.
CURSOR_SLACK = 32

# OFFSET 0 keeps PostgreSQL from turning "not seen" into a hash anti-join: its generic plan then expects
# few unseen cards (all of a finished deck) and scans and hashes the whole deck to find none (1.4 ms at
# 10,000 cards), where a walk of the deck's index from the cursor finds none at once (0.05 ms)
_SEEN = select(literal(1)).where(CardState.user_id == UID, CardState.card_id == Card.id).offset(0).exists()

_FIRST_UNSEEN = (
    select(Card.position, Card.id, BURIED.label("buried"), Card.kind, Card.content_hash)
    .where(Card.deck_id == bindparam("deck"), Card.retired == false(), Card.position >= bindparam("pos"), ~_SEEN)
    .order_by(Card.position)
    .limit(1)
)
_FIRST_UNBURIED = Direct(_FIRST_UNSEEN.where(~BURIED))
# the last live card: a walk down the (deck, retired, position) index, where the last of any card was a scan
_LAST_POSITION = Direct(
    select(func.max(Card.position)).where(Card.deck_id == bindparam("deck"), Card.retired == false())
)
_FIRST_UNSEEN_ID = (  # correlated: per subscription, from the deck's cursor
    select(Card.id)
    .where(
        Card.deck_id == Subscription.deck_id,
        Card.retired == false(),
        Card.position >= Subscription.new_cursor,
        ~_SEEN,
    )
    .order_by(Card.position)
    .limit(1)
    .scalar_subquery()
)
_FIRSTS = (
    select(Subscription.deck_id, Subscription.new_cursor, _FIRST_UNSEEN_ID.label("first_id"))
    .where(Subscription.user_id == UID)
    .offset(0)  # not merged into the query around it, where PostgreSQL searched each deck once per column
    .subquery()
)
# counted from the cursor, not from the first unseen card: the same cards (those between are seen), and
# scalar subqueries keyed by the first card's id, where a join on it made PostgreSQL hash every card
_UNSEEN_FROM_CURSOR = (  # a walk along the deck's index, stopping at the cap
    select(func.count())
    .select_from(
        select(Card.id)
        .where(
            Card.deck_id == _FIRSTS.c.deck_id,
            Card.retired == false(),
            Card.position >= _FIRSTS.c.new_cursor,
            ~_SEEN,
        )
        .order_by(Card.position)
        .limit(bindparam("cap"))
        .correlate(_FIRSTS)  # two levels up: it is a table in this count's FROM
        .subquery()
    )
    .scalar_subquery()
)
# unseen cards from the cursor on that are skipped until tomorrow: not "new left today". Counted from the
# learner's few skipped cards alone (the only table in its FROM): written as a join, it let SQLite walk the
# deck's cards instead, which cost more than the rest of a pick (0.92 → 1.24 ms of CPU per answer)
_BURIED_UNSEEN = (
    select(func.count())
    .select_from(BuriedCard)
    .where(BuriedCard.user_id == UID, BuriedCard.until > NOW)
    .where(
        exists().where(
            Card.id == BuriedCard.card_id,
            Card.deck_id == _FIRSTS.c.deck_id,
            Card.retired == false(),
            Card.position >= _FIRSTS.c.new_cursor,
        )
    )
    .where(~exists().where(CardState.user_id == UID, CardState.card_id == BuriedCard.card_id))
    .scalar_subquery()
)
_FIRST_BURIED = exists().where(
    BuriedCard.user_id == UID, BuriedCard.card_id == _FIRSTS.c.first_id, BuriedCard.until > NOW
)
_FIRST, _FIRST_DECK = aliased(Card), aliased(Deck)  # not `Card`: the subqueries above correlate none to these
# per subscribed deck, in one round trip: its cursor, its first unseen card (its CARD_ROW, for asking it), and
# its unseen cards up to :cap
_UNSEEN_BY_DECK = Direct(
    select(
        _FIRSTS.c.deck_id,
        _FIRSTS.c.new_cursor,
        _FIRST.position,
        _FIRSTS.c.first_id.label("id"),
        _FIRST_BURIED.label("buried"),
        _UNSEEN_FROM_CURSOR.label("unseen"),
        _BURIED_UNSEEN.label("skipped"),
        _FIRST.kind,
        _FIRST.content_hash,
        _FIRST_DECK.content_hash.label("deck_hash"),
    ).select_from(
        _FIRSTS.outerjoin(_FIRST, _FIRST.id == _FIRSTS.c.first_id).join(
            _FIRST_DECK, _FIRST_DECK.id == _FIRSTS.c.deck_id
        )
    )
)

_LAST_NEW_DECK = Direct(
    # the deck of the learner's latest first sighting
    select(Card.deck_id)
    .join(ReviewLog, ReviewLog.card_id == Card.id)
    .where(ReviewLog.user_id == UID, ReviewLog.was_new.is_(True), ReviewLog.cram.is_(False))
    .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
    .limit(1)
)
_MOVE_CURSOR = Direct(  # only from where it was read: a rewind (an undo, a deck update) committed since wins
    update(Subscription)
    .where(Subscription.user_id == UID, Subscription.deck_id == bindparam("deck"))
    .where(Subscription.new_cursor == bindparam("was"))
    .values(new_cursor=bindparam("pos"))
)


class UnseenFirst(NamedTuple):
    """A subscribed deck's first card the learner has not seen."""

    deck_id: str
    position: int
    id: int
    buried: bool
    unseen: int  # unseen cards from it on (it too), counted up to the cap they were read with; none skipped
    deck_hash: str


class Unseen(NamedTuple):
    """Per subscribed deck with an unseen card, its first; what `first_new` and `unseen_count` start from,
    so a caller that needs both (a pick, then the progress line) reads them once and passes them on."""

    firsts: list[UnseenFirst]
    cap: int  # each deck's `unseen` stops here


def unseen_firsts(session: Session, user_id: int, now: datetime, cap: int = 0) -> Unseen:
    """The first unseen card of each subscribed deck, with each deck's unseen cards counted up to `cap`.

    Found from the deck's new-card cursor, a lower bound (every live card before it is seen); moving it up
    to the card found (once it lags CURSOR_SLACK behind) keeps every later search short, however deep into
    a deck the learner is.
    """
    firsts = []
    read_only = is_read_only(session)  # a read-only call finds the same cards, only without moving the cursor
    for row in _UNSEEN_BY_DECK.rows(session, {"uid": user_id, "now": now, "cap": cap}):
        # nothing unseen: every live card is seen, so the cursor may pass the deck's end
        position = row.position if row.id is not None else (_last_position(session, row.deck_id) + 1)
        if position > row.new_cursor + CURSOR_SLACK and not read_only:
            _MOVE_CURSOR.rows(session, {"uid": user_id, "deck": row.deck_id, "pos": position, "was": row.new_cursor})
        if row.id is not None:
            remember_picked(
                session, (row.id, row.deck_id, row.kind, row.position, False, row.content_hash, row.deck_hash)
            )
            unseen = int(row.unseen)
            if unseen < cap:  # all counted: the skipped ones are not new cards for today (at the cap, more wait)
                unseen -= int(row.skipped)
            firsts.append(UnseenFirst(row.deck_id, row.position, row.id, bool(row.buried), unseen, row.deck_hash))
    return Unseen(firsts, cap)


def _last_position(session: Session, deck_id: str) -> int:
    return int(_LAST_POSITION.scalar(session, {"deck": deck_id}) or 0)


def first_new(session: Session, user_id: int, now: datetime, unseen: Unseen | None = None) -> int | None:
    """The earliest unseen card of each subscribed deck; the lowest position wins, so decks interleave, and
    never the deck of the previous new card while another has one (a deck subscribed later, still at its
    first cards, alternates with the others instead of coming first until it catches up)."""
    best: tuple[bool, int, str, int] | None = None
    firsts = (unseen if unseen is not None else unseen_firsts(session, user_id, now)).firsts
    last_deck = _LAST_NEW_DECK.scalar(session, {"uid": user_id}) if len(firsts) > 1 else None  # one deck: no choice
    for first in firsts:
        position, card_id = first.position, first.id
        if first.buried:  # rare: look past the buried ones, without moving the cursor past them
            params = {"uid": user_id, "now": now, "deck": first.deck_id, "pos": first.position}
            unburied = _FIRST_UNBURIED.first(session, params)
            if unburied is None:
                continue
            position, card_id = unburied.position, unburied.id
            remember_picked(
                session,
                (card_id, first.deck_id, unburied.kind, position, False, unburied.content_hash, first.deck_hash),
            )
        candidate = (first.deck_id == last_deck, position, first.deck_id, card_id)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    return best[3] if best else None


def unseen_count(session: Session, user_id: int, now: datetime, cap: int, unseen: Unseen | None = None) -> int:
    """Live cards of subscribed decks the learner has not seen, counting up to `cap`."""
    if unseen is None or unseen.cap < cap:
        unseen = unseen_firsts(session, user_id, now, cap)
    return min(sum(first.unseen for first in unseen.firsts), cap)


def rewind_new_cursor(session: Session, user_id: int, card_id: int) -> None:
    """A card became unseen again (its first review was undone): let the search find it again."""
    card = session.connection().execute(select(Card.deck_id, Card.position).where(Card.id == card_id)).first()
    if card is not None:
        session.connection().execute(
            update(Subscription)
            .where(Subscription.user_id == user_id, Subscription.deck_id == card.deck_id)
            .where(Subscription.new_cursor > card.position)
            .values(new_cursor=card.position)
        )
