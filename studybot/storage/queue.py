"""Which card a learner sees next, and how many are waiting. These are the hot queries.

They are built once, with bound parameters, because building a SQLAlchemy statement costs several
times more than SQLite takes to run it: :uid the learner, :now the time, :deck, :pos, :cap.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from studybot.storage.direct import Direct
from studybot.storage.engines import is_read_only
from studybot.storage.models import BuriedCard, Card, CardState, Deck, ReviewLog, Subscription

# a card as the engine asks it (engine/catalog.py): read with the pick that chose it, it needs no statement of its own
CARD_ROW = (Card.id, Card.deck_id, Card.kind, Card.position, Card.retired, Card.content_hash, Deck.content_hash)
PICKED = "studybot.queue.picked"  # Session.info key: {card id: CARD_ROW values} of cards a pick read
REVIEW_STATE = 2  # fsrs.State.Review; 1 and 3 are learning and relearning
# The new-card cursor moves once it lags this many positions: a search then passes at most this many seen
# cards, and a learner meeting new cards writes the cursor once every this many answers, not on each.
CURSOR_SLACK = 32
_UID: BindParameter[int] = bindparam("uid")
_NOW: BindParameter[datetime] = bindparam("now")
_SUBSCRIBED = and_(Subscription.user_id == _UID, Subscription.deck_id == Card.deck_id)
# OFFSET 0 keeps PostgreSQL from turning "not seen" into a hash anti-join: its generic plan then expects
# few unseen cards (all of a finished deck) and scans and hashes the whole deck to find none (1.4 ms at
# 10,000 cards), where a walk of the deck's index from the cursor finds none at once (0.05 ms)
_SEEN = select(literal(1)).where(CardState.user_id == _UID, CardState.card_id == Card.id).offset(0).exists()
_BURIED = exists().where(BuriedCard.user_id == _UID, BuriedCard.card_id == Card.id, BuriedCard.until > _NOW)
_DUE = (
    select(CardState.card_id)
    .join(Card, Card.id == CardState.card_id)
    .join(Subscription, _SUBSCRIBED)
    .where(CardState.user_id == _UID, CardState.suspended == false(), Card.retired == false())
)
# learning or relearning: minutes-long steps. A literal, not a parameter: the partial index of learning
# cards (ix_card_states_user_learning_due) serves only a query that says "state != 2" itself.
LEARNING = CardState.state != literal_column(str(REVIEW_STATE))
# Anki's order: learning steps that are due first (they lose their point when late), then reviews.
# Two walks of the (user, suspended, due) index that each stop at their first card, rather than sorting
# every overdue card by (learning first, due): a learner back from a break has thousands overdue.
_FIRST_DUE = _DUE.where(CardState.due <= _NOW, ~_BURIED).order_by(CardState.due).limit(1)
_MOST_OVERDUE_CARD = func.coalesce(
    _FIRST_DUE.where(LEARNING).scalar_subquery(), _FIRST_DUE.scalar_subquery()
)  # COALESCE stops at its first non-null argument on both backends
_MOST_OVERDUE = Direct(select(_MOST_OVERDUE_CARD))
_LEARN_AHEAD = Direct(
    _DUE.where(LEARNING, CardState.due <= bindparam("until"), ~_BURIED).order_by(CardState.due).limit(1)
)
_DUE_BEFORE = _DUE.with_only_columns(literal(1)).where(CardState.due <= bindparam("before"), ~_BURIED)
_NEXT_DUE = Direct(_DUE.with_only_columns(func.min(CardState.due)).where(~_BURIED))
_NEXT_UNBURIED = Direct(
    _DUE.with_only_columns(
        func.min(case((CardState.due > BuriedCard.until, CardState.due), else_=BuriedCard.until))
    ).join(BuriedCard, and_(BuriedCard.user_id == _UID, BuriedCard.card_id == Card.id, BuriedCard.until > _NOW))
)
_DUE_COUNT = Direct(select(func.count()).select_from(_DUE_BEFORE.subquery()))
# ordered by due, so PostgreSQL's generic plan walks the (user, suspended, due) index and stops at the cap; it
# used to merge-join every card state of the learner by card id (0.84 ms with nothing due, 10,000 cards seen)
_DUE_COUNT_CAPPED = select(func.count()).select_from(
    _DUE_BEFORE.order_by(CardState.due).limit(bindparam("cap")).subquery()
)
_FIRST_UNSEEN = (
    select(Card.position, Card.id, _BURIED.label("buried"), Card.kind, Card.content_hash)
    .where(Card.deck_id == bindparam("deck"), Card.retired == false(), Card.position >= bindparam("pos"), ~_SEEN)
    .order_by(Card.position)
    .limit(1)
)
_FIRST_UNBURIED = Direct(_FIRST_UNSEEN.where(~_BURIED))
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
    .where(Subscription.user_id == _UID)
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
    .where(BuriedCard.user_id == _UID, BuriedCard.until > _NOW)
    .where(
        exists().where(
            Card.id == BuriedCard.card_id,
            Card.deck_id == _FIRSTS.c.deck_id,
            Card.retired == false(),
            Card.position >= _FIRSTS.c.new_cursor,
        )
    )
    .where(~exists().where(CardState.user_id == _UID, CardState.card_id == BuriedCard.card_id))
    .scalar_subquery()
)
_FIRST_BURIED = exists().where(
    BuriedCard.user_id == _UID, BuriedCard.card_id == _FIRSTS.c.first_id, BuriedCard.until > _NOW
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
_NEW_SINCE = select(func.count()).where(
    ReviewLog.user_id == _UID,
    ReviewLog.was_new.is_(True),
    ReviewLog.cram.is_(False),
    ReviewLog.reviewed_at >= bindparam("since"),
)
# a pick's reads in one round trip: the card to ask (and its row, for asking it), new cards met today, cards
# due (capped)
_COUNTS = select(
    _MOST_OVERDUE_CARD.label("card_id"),
    _NEW_SINCE.scalar_subquery().label("new_today"),
    _DUE_COUNT_CAPPED.scalar_subquery().label("due"),
).subquery()
_OVERVIEW = Direct(
    select(_COUNTS.c.new_today, _COUNTS.c.due, *CARD_ROW).select_from(
        _COUNTS.outerjoin(Card, Card.id == _COUNTS.c.card_id).outerjoin(Deck, Deck.id == Card.deck_id)
    )
)
_LAST_NEW_DECK = Direct(
    # the deck of the learner's latest first sighting
    select(Card.deck_id)
    .join(ReviewLog, ReviewLog.card_id == Card.id)
    .where(ReviewLog.user_id == _UID, ReviewLog.was_new.is_(True), ReviewLog.cram.is_(False))
    .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
    .limit(1)
)
_MOVE_CURSOR = Direct(  # only from where it was read: a rewind (an undo, a deck update) committed since wins
    update(Subscription)
    .where(Subscription.user_id == _UID, Subscription.deck_id == bindparam("deck"))
    .where(Subscription.new_cursor == bindparam("was"))
    .values(new_cursor=bindparam("pos"))
)
# the two composed into others above, as the answer path runs them (the rest are Direct where defined)
_RUN_DUE_COUNT_CAPPED = Direct(_DUE_COUNT_CAPPED)
_RUN_NEW_SINCE = Direct(_NEW_SINCE)


def most_overdue(session: Session, user_id: int, now: datetime) -> int | None:
    """The due card of a subscribed deck to ask first: a learning step, else the most overdue review."""
    card_id = _MOST_OVERDUE.scalar(session, {"uid": user_id, "now": now})
    return None if card_id is None else int(card_id)


class Overview(NamedTuple):
    most_overdue: int | None  # as `most_overdue`
    new_today: int  # as `new_seen_since`
    due: int  # as `due_count(now, cap)`


def overview(session: Session, user_id: int, now: datetime, *, since: datetime, cap: int) -> Overview:
    """`most_overdue`, `new_seen_since(since)` and `due_count(now, cap)` in one statement: a pick needs all three."""
    params = {"uid": user_id, "now": now, "since": since, "before": now, "cap": cap}
    row = _OVERVIEW.rows(session, params)[0]
    card = tuple(row[2:])
    if card[0] is not None:
        _picked(session, card)
    return Overview(card[0], int(row[0] or 0), int(row[1] or 0))


def _picked(session: Session, card: tuple[Any, ...]) -> None:
    session.info.setdefault(PICKED, {})[card[0]] = card


def picked_row(session: Session, card_id: int) -> tuple[Any, ...] | None:
    """The CARD_ROW values of `card_id` if a pick of this transaction read them (once: then forgotten)."""
    picked = session.info.get(PICKED)
    return None if picked is None else picked.pop(card_id, None)


def learn_ahead(session: Session, user_id: int, now: datetime, until: datetime) -> int | None:
    """The learning card due soonest before `until`, for when nothing else is left to ask."""
    return _LEARN_AHEAD.scalar(session, {"uid": user_id, "now": now, "until": until})


def next_due(session: Session, user_id: int, now: datetime) -> datetime | None:
    """When the next card of a subscribed deck comes due: a skipped card counts from the end of its skip."""
    params = {"uid": user_id, "now": now}
    times = [query.scalar(session, params) for query in (_NEXT_DUE, _NEXT_UNBURIED)]
    return min((t for t in times if t is not None), default=None)


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
            _picked(session, (row.id, row.deck_id, row.kind, row.position, False, row.content_hash, row.deck_hash))
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
            _picked(
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


def due_count(
    session: Session, user_id: int, before: datetime, cap: int | None = None, *, now: datetime | None = None
) -> int:
    """Cards due before `before` and not skipped at `now` (default: `before`); with `cap`, counting stops
    there (cheap enough for every prompt)."""
    params: dict[str, Any] = {"uid": user_id, "before": before, "now": now or before}
    if cap is None:
        return int(_DUE_COUNT.scalar(session, params) or 0)
    return int(_RUN_DUE_COUNT_CAPPED.scalar(session, {**params, "cap": cap}) or 0)


def new_seen_since(session: Session, user_id: int, since: datetime) -> int:
    """New cards introduced since `since` (the learner's local midnight): the daily new-card count."""
    return int(_RUN_NEW_SINCE.scalar(session, {"uid": user_id, "since": since}) or 0)
