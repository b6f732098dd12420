"""Learners' own decks: an uploaded file imported into the learner's namespace, and `/add FRONT | BACK`.

Uploads go through the operator's importer (decks/importer.py), so cards are keyed the same way and a
re-upload updates the deck in place: changed cards keep every learner's history, cards gone from the
file are retired (history kept), never deleted. Ownership and the limits are checked here, in the
same transaction as the writes; parsing happened before, in a worker process (decks/sandbox.py)."""

from __future__ import annotations

import hashlib
import itertools

from sqlalchemy import func, insert, select, update

from studybot.decks.formats import cards as card_maker
from studybot.decks.formats.model import ParsedDeck
from studybot.decks.importer import ImportOptions, card_hash, plan_import
from studybot.decks.loader import Deck
from studybot.decks.report import DeckReport, ImportRefused
from studybot.decks.schema import AnyCard, Source
from studybot.engine.own_names import MY_CARDS, reaching_name, upload_name
from studybot.engine.own_rows import reuse_unstudied_rows
from studybot.engine.replies import Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage import repo
from studybot.storage.models import Card
from studybot.storage.models import Deck as DeckRow
from studybot.storage.ownership import own_deck_id, owned_named

MY_CARDS_TITLE = "My cards"
ADD_USAGE = "Send /add FRONT | BACK, or /add with a {{c1::cloze}} in the text."


def import_upload(turn: Turn, parsed: ParsedDeck, filename: str) -> Notice:
    """Write `parsed` as the learner's deck (new, or the one from a file of the same name)."""
    name, why_renamed = upload_name(turn.session, turn.user.id, parsed.name)
    deck_id = own_id(turn, name)
    if (refusal := _room_for(turn, deck_id, len(parsed.cards))) is not None:
        return refusal
    sources = parsed.sources or (Source(id=card_maker.SOURCE, title=parsed.title, ref=f"Your file {filename[:100]}"),)
    deck = Deck(deck_id, parsed.title, parsed.description, sources, tuple(parsed.cards), f"/uploads/{deck_id}")
    try:
        (plan,) = plan_import(turn.session, [deck], now=turn.now, options=ImportOptions())
    except ImportRefused as refused:  # cannot happen for a learner's own namespace; said plainly if it does
        return Notice(f"{filename[:100]}: {refused.problems[0]}", Level.ERROR)
    existed = turn.session.get(DeckRow, deck_id) is not None
    reuse_unstudied_rows(turn.session, deck_id, plan)
    for step in plan.steps():
        step(turn.session)
    turn.session.execute(update(DeckRow).where(DeckRow.id == deck_id).values(owner_id=turn.user.id))
    repo.subscribe(turn.session, turn.user.id, deck_id, turn.now)
    head = _report(parsed, plan.report, existed)
    if why_renamed:
        head += f" {why_renamed}, so yours is called {name}."
    return Notice(f"{head} Send /quiz {reaching_name(turn.session, deck_id)} to study it.", study_deck=deck_id)


def own_id(turn: Turn, name: str) -> str:
    """The id of the learner's own deck called `name`: the one they have, else a new one in their namespace
    that no deck has (one of another learner may: see `own_deck_id`)."""
    found = turn.session.scalar(select(DeckRow.id).where(owned_named(turn.user.id, name)).order_by(DeckRow.id))
    if found:
        return found
    return next(
        deck_id
        for deck_id in (own_deck_id(turn.user.id, name, attempt) for attempt in itertools.count(1))
        if turn.session.scalar(select(DeckRow.id).where(DeckRow.id == deck_id)) is None
    )


def _report(parsed: ParsedDeck, report: DeckReport, existed: bool) -> str:
    if existed:
        head = (
            f"Updated “{parsed.title}”: {report.added} added, {report.updated} changed, "
            f"{report.unchanged} unchanged, {report.retired} removed (everyone's history kept)."
        )
    else:
        head = f"Imported {count(len(parsed.cards), 'card')} into “{parsed.title}”."
    if parsed.skipped:
        reasons = [f"{n} {why}" for why, n in parsed.skipped.most_common()]
        shown = next(iter(parsed.skipped)) if len(reasons) == 1 else ", ".join(reasons)
        head += f" {sum(parsed.skipped.values())} skipped: {shown}."
    if parsed.notes:
        head += " " + "; ".join(f"{count(n, 'card')} with {what}" for what, n in parsed.notes.most_common()) + "."
    return head


def _room_for(turn: Turn, deck_id: str, cards: int) -> Notice | None:
    limit = turn.settings.upload_max_cards
    if cards > limit:
        return Notice(f"That is {cards:,} cards; a deck of yours holds at most {limit:,}.", Level.ERROR)
    if turn.session.get(DeckRow, deck_id) is not None:
        return None
    owned = turn.session.scalar(select(func.count()).select_from(DeckRow).where(DeckRow.owner_id == turn.user.id))
    if int(owned or 0) >= turn.settings.max_decks_per_learner:
        most = turn.settings.max_decks_per_learner
        return Notice(f"You have {most} decks of your own, the most I keep: /deletedeck one first.", Level.ERROR)
    return None


def _sides(text: str) -> tuple[str, str, str]:
    """FRONT, "|", BACK split at the first bar outside a cloze: `{{c1::P(A|B)}}` keeps its bar."""
    clozes = [match.span() for match in card_maker.ANKI_CLOZE.finditer(text)]
    for at, char in enumerate(text):
        if char == "|" and not any(start <= at < end for start, end in clozes):
            return text[:at].strip(), "|", text[at + 1 :].strip()
    return text.strip(), "", ""


def add_card(turn: Turn, text: str) -> Notice:
    """`/add FRONT | BACK` (or a cloze text) into the learner's "My cards" deck, created on first use."""
    front, bar, back = _sides(text)
    key = "a" + hashlib.sha256(front.encode()).hexdigest()[:16]
    try:
        numbers = card_maker.cloze_numbers(front)
        if numbers:
            made: list[AnyCard] = [card_maker.cloze(f"{key}-{n}", front, n, back or None) for n in numbers]
        elif bar and front and back:
            made = [card_maker.flashcard(key, front, back)]
        else:
            return Notice(ADD_USAGE, Level.ERROR)
    except card_maker.Skip as skip:
        return Notice(f"I can't make a card of that: {skip}. {ADD_USAGE}", Level.ERROR)
    deck_id = own_id(turn, MY_CARDS)
    if (refusal := _room_for(turn, deck_id, 1)) is not None:
        return refusal
    _ensure_my_cards(turn, deck_id)
    taken = set(turn.session.scalars(select(Card.key).where(Card.deck_id == deck_id)))
    fresh = [card for card in made if card.id not in taken]
    if not fresh:
        return Notice(f"You already have that card in {MY_CARDS_TITLE}.", Level.ERROR)
    live = turn.session.scalar(select(func.count()).where(Card.deck_id == deck_id, Card.retired.is_(False)))
    if int(live or 0) + len(fresh) > turn.settings.upload_max_cards:
        most = turn.settings.upload_max_cards
        return Notice(f"{MY_CARDS_TITLE} is full: a deck of yours holds at most {most:,} cards.", Level.ERROR)
    position = turn.session.scalar(select(func.coalesce(func.max(Card.position), -1)).where(Card.deck_id == deck_id))
    rows = [_card_row(deck_id, card, int(position or 0) + 1 + i) for i, card in enumerate(fresh)]
    turn.session.execute(insert(Card), rows)
    _new_content_hash(turn, deck_id, [card.id for card in fresh])
    repo.subscribe(turn.session, turn.user.id, deck_id, turn.now)
    kind = "cloze card" if numbers else "card"
    return Notice(f"Added {count(len(fresh), kind)} to {MY_CARDS_TITLE}. /quiz {MY_CARDS} studies them.")


def _new_content_hash(turn: Turn, deck_id: str, keys: list[str]) -> None:
    """The deck's content changed: a new hash, so what is cached of it (engine/catalog.py) is read again."""
    previous = turn.session.scalar(select(DeckRow.content_hash).where(DeckRow.id == deck_id)) or ""
    digest = hashlib.sha256("\n".join([previous, *keys]).encode()).hexdigest()
    turn.session.execute(update(DeckRow).where(DeckRow.id == deck_id).values(content_hash=digest, updated_at=turn.now))


def _ensure_my_cards(turn: Turn, deck_id: str) -> None:
    if turn.session.get(DeckRow, deck_id) is not None:
        return
    source = {card_maker.SOURCE: {"id": card_maker.SOURCE, "title": MY_CARDS_TITLE, "ref": "Cards you added with /add"}}
    row = {
        "id": deck_id,
        "title": MY_CARDS_TITLE,
        "description": "Cards you added with /add",
        "sources": source,
        "content_hash": "",
        "updated_at": turn.now,
        "created_at": turn.now,
        "source_file": f"/uploads/{deck_id}",
        "owner_id": turn.user.id,
    }
    turn.session.execute(insert(DeckRow), [row])


def _card_row(deck_id: str, card: AnyCard, position: int) -> dict[str, object]:
    return {
        "deck_id": deck_id,
        "key": card.id,
        "kind": card.type,
        "position": position,
        "content": card.model_dump(mode="json"),
        "content_hash": card_hash(card),
        "retired": False,
    }
