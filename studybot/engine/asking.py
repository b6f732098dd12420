"""Choosing the next card and presenting it as a Prompt with a fresh nonce."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from studybot.engine.cards import base_labels, has_hint, prompt_text, quiz_poll
from studybot.engine.catalog import CardRef, load_card, load_deck
from studybot.engine.replies import Choice, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import queue, reviews
from studybot.storage.models import Card, CardState, Subscription

PROGRESS_CAP = 99


def next_prompt(turn: Turn, *, open_question: bool = True) -> Prompt | Notice:
    """The open question if there is one, else the most overdue card, else a new card within the limit.
    `open_question=False` says the caller knows there is none (it has just been answered)."""
    pending = reviews.get_pending(turn.session, turn.user.id) if open_question else None
    if pending is not None and pending.expires_at > turn.now:
        card = load_card(turn.session, pending.card_id)
        if card is not None and not card.retired:
            return render_pending(turn, pending, card)
    card_id = pick_card(turn)
    if card_id is None:
        return nothing_due(turn)
    return present(turn, card_id)


def pick_card(turn: Turn) -> int | None:
    card_id = queue.most_overdue(turn.session, turn.user.id, turn.now)
    if card_id is not None:
        return card_id
    if new_left_today(turn) <= 0:
        return None
    return queue.first_new(turn.session, turn.user.id, turn.now)


def new_left_today(turn: Turn) -> int:
    if turn.new_today is None:
        turn.new_today = queue.new_seen_since(turn.session, turn.user.id, turn.local_midnight())
    return max(turn.user.new_per_day - turn.new_today, 0)


def present(turn: Turn, card_id: int) -> Prompt:
    """Make `card_id` the learner's open question, with choices shuffled for this presentation."""
    card = load_card(turn.session, card_id)
    assert card is not None
    order = list(range(len(base_labels(card.model))))
    if card.kind == "mcq":
        turn.rng.shuffle(order)
    pending = reviews.Pending(
        user_id=turn.user.id,
        nonce=turn.new_nonce(),
        card_id=card_id,
        choice_order=order or None,
        revealed=False,
        hint_used=False,
        shown_at=turn.now,
        expires_at=turn.now + turn.settings.prompt_ttl,
    )
    reviews.put_pending(turn.session, pending)
    return render_pending(turn, pending, card)


def render_pending(turn: Turn, pending: reviews.Pending, card: CardRef) -> Prompt:
    model = card.model
    labels = base_labels(model)
    order = pending.choice_order or list(range(len(labels)))
    deck = load_deck(turn.session, card.deck_id)
    return Prompt(
        card_id=card.id,
        deck=card.deck_id,
        deck_title=deck.title,
        kind=card.kind,
        text=prompt_text(model),
        choices=tuple(Choice(str(i + 1), labels[j]) for i, j in enumerate(order)),
        nonce=pending.nonce,
        progress=progress_line(turn),
        hint_available=has_hint(model) and not pending.hint_used,
        poll=quiz_poll(model, order, pending.nonce) if turn.user.polls else None,
    )


def progress_line(turn: Turn) -> str:
    """ "12 due · 5 new left today". Counts stop at PROGRESS_CAP ("99+ due") to keep every prompt cheap."""
    due = queue.due_count(turn.session, turn.user.id, turn.now, cap=PROGRESS_CAP + 1)
    left = new_left_today(turn)
    new = queue.unseen_count(turn.session, turn.user.id, turn.now, cap=left) if left else 0
    shown = f"{PROGRESS_CAP}+" if due > PROGRESS_CAP else str(due)
    return f"{shown} due · {new} new left today"


def nothing_due(turn: Turn) -> Notice:
    if not _has_subscription(turn):
        return Notice("You have no decks yet. Send /decks to see them and /subscribe DECK to start.")
    upcoming = _next_due_time(turn)
    unseen = queue.unseen_count(turn.session, turn.user.id, turn.now, cap=1)
    parts = ["All caught up."]
    if unseen and new_left_today(turn) <= 0:
        parts.append(f"You have met today's {turn.user.new_per_day} new cards; more tomorrow.")
    if upcoming is not None:
        parts.append(f"Next review due {turn.local_time(upcoming)}.")
    elif not unseen:
        parts.append("Every card of your decks is learned or suspended.")
    return Notice(" ".join(parts), Level.INFO)


def _has_subscription(turn: Turn) -> bool:
    query = select(func.count()).where(Subscription.user_id == turn.user.id)
    return bool(turn.session.scalar(query))


def _next_due_time(turn: Turn) -> datetime | None:
    query = (
        select(func.min(CardState.due))
        .join(Card, Card.id == CardState.card_id)
        .join(Subscription, (Subscription.user_id == turn.user.id) & (Subscription.deck_id == Card.deck_id))
        .where(CardState.user_id == turn.user.id, CardState.suspended.is_(False), Card.retired.is_(False))
    )
    return turn.session.scalar(query)
