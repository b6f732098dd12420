"""Anki packages → cards. Basic, "Basic (and reversed)" and other note types whose templates show one
set of fields on the front and another on the back become flashcards; Cloze note types become one cloze
card per cloze number; anything else is reported and skipped. Cards are keyed by note id and card
ordinal, so re-uploading a package keeps every learner's history."""

from __future__ import annotations

import re
from pathlib import Path

from studybot.decks.formats import anki_collection, cards
from studybot.decks.formats.anki_collection import AnkiCard, NoteType
from studybot.decks.formats.anki_package import unpacked_collection
from studybot.decks.formats.html_text import AUDIO, IMAGE, media_only, plain_text
from studybot.decks.formats.model import Limits, ParsedDeck, UploadProblem, title_of
from studybot.decks.schema import AnyCard

_REFERENCE = re.compile(r"\{\{([^#/^!{}][^{}]*)\}\}")
_CLOZE_FIELD = re.compile(r"\{\{cloze:([^{}]+)\}\}")
_EXTRA_FIELDS = ("back extra", "extra")
REPEATED = "a card repeated (the same note and card number)"


def read_anki(name: str, data: bytes, limits: Limits, deck: ParsedDeck) -> ParsedDeck:
    with unpacked_collection(name, data, limits) as path:
        return _read_collection(name, path, limits, deck)


def _read_collection(name: str, path: Path, limits: Limits, deck: ParsedDeck) -> ParsedDeck:
    with anki_collection.opened(name, path) as conn:
        anki_collection.limits_check(name, conn, limits)
        types = anki_collection.note_types(name, conn)
        if deck_name := anki_collection.main_deck_name(conn):
            deck.title = title_of(deck_name.split("::")[-1])
        seen: set[str] = set()
        for card in anki_collection.cards(name, conn):
            _add(deck, card, types.get(card.note_type_id), seen)
    if not deck.cards:
        reasons = ", ".join(f"{n} {why}" for why, n in deck.skipped.most_common(3)) or "no cards"
        raise UploadProblem(f"{name}: nothing I can ask from this package ({reasons})")
    return deck


def _add(deck: ParsedDeck, card: AnkiCard, note_type: NoteType | None, seen: set[str]) -> None:
    key = f"n{card.note_id}-{card.ordinal}"
    if key in seen:  # Anki never writes it; a crafted package would give two cards one key
        deck.skipped[REPEATED] += 1
        return
    seen.add(key)
    try:
        if note_type is None:
            raise cards.Skip("a note type missing from the package")
        texts = [plain_text(value) for value in card.fields]
        made = _cloze(key, card, note_type, texts) if note_type.cloze else _flashcard(key, card, note_type, texts)
    except cards.Skip as skip:
        deck.skipped[str(skip)] += 1
        return
    deck.cards.append(made)
    shown = " ".join(str(value) for value in made.model_dump().values())
    for placeholder, note in ((IMAGE, "pictures shown as [image]"), (AUDIO, "sounds shown as [audio]")):
        if placeholder in shown:
            deck.notes[note] += 1


def _cloze(key: str, card: AnkiCard, note_type: NoteType, texts: list[str]) -> AnyCard:
    question = note_type.templates.get(0, ("", ""))[0]
    named = _CLOZE_FIELD.search(question)
    text = _field(note_type, texts, named[1].strip() if named else note_type.fields[0] if note_type.fields else "")
    if (why := media_only(text)) is not None:
        raise cards.Skip(why)
    extras = (texts[i] for i, f in enumerate(note_type.fields) if f.lower() in _EXTRA_FIELDS and i < len(texts))
    extra = next(extras, "")
    return cards.cloze(key, text, card.ordinal + 1, extra or None)


def _flashcard(key: str, card: AnkiCard, note_type: NoteType, texts: list[str]) -> AnyCard:
    front_fields, back_fields = _sides(note_type, card.ordinal)
    if not front_fields or not back_fields:
        raise cards.Skip(f"note type “{title_of(note_type.name)[:40]}” (not Basic or Cloze)")
    front = "\n".join(filter(None, (_field(note_type, texts, f) for f in front_fields)))
    back = "\n".join(filter(None, (_field(note_type, texts, f) for f in back_fields)))
    for side in (front, back):
        if (why := media_only(side)) is not None:
            raise cards.Skip(why)
    return cards.flashcard(key, front, back)


def _sides(note_type: NoteType, ordinal: int) -> tuple[list[str], list[str]]:
    """The fields a card template shows on the front, and those its back adds."""
    if ordinal not in note_type.templates:
        positional = {0: (0, 1), 1: (1, 0)}.get(ordinal)
        if positional is None or len(note_type.fields) < 2:
            return [], []
        return [note_type.fields[positional[0]]], [note_type.fields[positional[1]]]
    question, answer = note_type.templates[ordinal]
    front = _references(question, note_type, typed=False)  # {{type:Back}} asks for Back: it is not shown
    back = [f for f in _references(answer, note_type) if f not in front]
    return front, back


def _references(template: str, note_type: NoteType, *, typed: bool = True) -> list[str]:
    found: list[str] = []
    for match in _REFERENCE.finditer(template):
        if not typed and match[1].strip().startswith("type:"):
            continue
        field_name = match[1].split(":")[-1].strip()  # {{type:Back}}, {{text:Front}}
        if field_name in note_type.fields and field_name not in found:
            found.append(field_name)
    return found


def _field(note_type: NoteType, texts: list[str], field_name: str) -> str:
    index = note_type.fields.index(field_name) if field_name in note_type.fields else -1
    return texts[index] if 0 <= index < len(texts) else ""
