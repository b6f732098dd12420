"""Turning front/back pairs and cloze texts into validated cards, with a reason when one cannot be."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import ValidationError

from studybot.decks.schema import ClozeCard, FlashCard, escape_bars

SOURCE = "upload"  # every uploaded card cites the deck's one source: the learner's own file
T = TypeVar("T", FlashCard, ClozeCard)
ANKI_CLOZE = re.compile(r"\{\{c(\d{1,3})::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


class Skip(Exception):
    """This row or note does not become a card; the message is the reason, counted in the report."""


def flashcard(key: str, front: str, back: str, explanation: str | None = None) -> FlashCard:
    if not front.strip() or not back.strip():
        raise Skip("an empty side")
    values = {"id": key, "source": SOURCE, "type": "flashcard", "front": front, "back": back}
    if explanation and explanation.strip():
        values["explanation"] = explanation
    return _validated(FlashCard, values)


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers in Anki syntax ({{c1::…}}), in order, each once."""
    return sorted({int(match[1]) for match in ANKI_CLOZE.finditer(text)})


def cloze(key: str, text: str, number: int, explanation: str | None) -> ClozeCard:
    """The card that Anki's cloze `number` asks: its gap blanked, every other cloze shown as its answer."""
    gaps = [m for m in ANKI_CLOZE.finditer(text) if int(m[1]) == number]
    if len(gaps) != 1:
        raise Skip("a cloze number used more than once")
    answer, hint = gaps[0][2].strip(), (gaps[0][3] or "").strip()
    if not answer or any(char in answer for char in "{}"):
        raise Skip("an empty or unreadable cloze")

    def shown(match: re.Match[str]) -> str:
        return "{{" + escape_bars(answer) + "}}" if int(match[1]) == number else match[2]

    ours = ANKI_CLOZE.sub(shown, text)
    filled = ANKI_CLOZE.sub(lambda m: m[2], text)
    values = {"id": key, "source": SOURCE, "type": "cloze", "text": ours}
    values["explanation"] = explanation if explanation and explanation.strip() else filled
    if hint:
        values["hint"] = hint
    return _validated(ClozeCard, values)


def _validated(model: type[T], values: dict[str, str]) -> T:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        kinds = {error["type"] for error in exc.errors()}
        raise Skip("text longer than 2,000 characters" if "string_too_long" in kinds else "unreadable text") from None
