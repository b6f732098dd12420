"""`/export DECK`: a deck the learner may see, as an Anki package (legacy layout, written by genanki) with
its cards and notes only, no scheduling. Flashcards become Basic notes, clozes Cloze notes; multiple
choice, true/false and short-answer cards become Basic notes whose back holds the answer. Note guids
come from the deck and card ids, so importing a newer export into Anki updates the notes in place."""

from __future__ import annotations

import html
import io
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import genanki
from sqlalchemy import select

from studybot.decks.schema import gap_variants
from studybot.engine import decknames
from studybot.engine.replies import Document, Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.storage.models import Card
from studybot.storage.ownership import short_name

APKG = "application/apkg"
_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# fixed ids: every export shares its two note types, so Anki does not pile up copies of them
BASIC = genanki.Model(
    1764420001,
    "studybot Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
)
CLOZE = genanki.Model(
    1764420002,
    "studybot Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}],
    model_type=genanki.Model.CLOZE,
)


@dataclass(frozen=True)
class DeckExport:
    deck_id: str
    title: str
    cards: list[tuple[str, dict[str, Any]]]  # (card key, content)


def deck_for_export(turn: Turn, name: str) -> DeckExport | Notice:
    deck = decknames.named(turn, name)
    if isinstance(deck, list):
        return Notice(decknames.which(name, deck), Level.ERROR)
    if deck is None:
        return Notice(f"There is no deck called “{name.strip()[:64]}”. /decks lists them.", Level.ERROR)
    query = select(Card.key, Card.content).where(Card.deck_id == deck.id, Card.retired.is_(False))
    rows = turn.session.execute(query.order_by(Card.position)).all()
    return DeckExport(deck.id, deck.title, [(row.key, row.content) for row in rows])


def package(export: DeckExport, now: datetime) -> Document:
    """The .apkg file (CPU work: run it off the event loop)."""
    deck = genanki.Deck(zlib.crc32(export.deck_id.encode()) + (1 << 31), export.title)
    for key, content in export.cards:
        deck.add_note(_note(export.deck_id, key, content))
    buffer = io.BytesIO()
    genanki.Package(deck).write_to_file(buffer, timestamp=now.timestamp())
    filename = f"{short_name(export.deck_id)}.apkg"
    caption = f"{export.title}: {count(len(export.cards), 'card')} as an Anki package. Anki: File → Import."
    return Document(filename, buffer.getvalue(), APKG, caption)


def _note(deck_id: str, key: str, content: dict[str, Any]) -> genanki.Note:
    guid = genanki.guid_for(deck_id, key)
    kind = content.get("type")
    explanation = _html(content.get("explanation") or "")
    if kind == "cloze":
        text = _GAP.sub(lambda m: "{{c1::" + _canonical(m[1]) + "}}", _html(content["text"]))
        return genanki.Note(model=CLOZE, fields=[text, explanation], guid=guid)
    front, back = _sides(content)
    back = back + (f"<br><br>{explanation}" if explanation else "")
    return genanki.Note(model=BASIC, fields=[front, back], guid=guid)


def _sides(content: dict[str, Any]) -> tuple[str, str]:
    match content.get("type"):
        case "flashcard":
            return _html(content["front"]), _html(content["back"])
        case "mcq":
            choices = "<br>".join(f"{i}. {_html(c)}" for i, c in enumerate(content["choices"], 1))
            return f"{_html(content['question'])}<br><br>{choices}", _html(content["answer"])
        case "truefalse":
            return f"True or false? {_html(content['statement'])}", "True" if content["answer"] else "False"
        case _:
            return _html(content["question"]), " / ".join(_html(a) for a in content["answers"])


def _canonical(gap: str) -> str:
    """The gap's first accepted form: what Anki shows when the cloze is revealed."""
    forms = gap_variants(gap)
    return forms[0] if forms else ""


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
