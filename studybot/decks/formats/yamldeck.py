"""Our YAML deck format (docs/deck-format.md), checked exactly as `studybot import-deck` checks it."""

from __future__ import annotations

from studybot.decks.formats.model import Limits, ParsedDeck, UploadProblem, fit_name
from studybot.decks.formats.text import decode
from studybot.decks.loader import load_deck_bytes


def read_yaml_deck(name: str, data: bytes, limits: Limits) -> ParsedDeck:
    decode(name, data)  # the same NUL, control character and UTF-8 refusals as every text upload
    deck, errors = load_deck_bytes(name, data)
    if errors or deck is None:
        first = str(sorted(errors)[0]) if errors else f"{name}: not a deck"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise UploadProblem(first + more)
    if len(deck.cards) > limits.max_cards:
        raise UploadProblem(f"{name}: {len(deck.cards):,} cards; at most {limits.max_cards:,} in one deck")
    return ParsedDeck(fit_name(deck.id), deck.title, deck.description, list(deck.cards), sources=deck.sources)
