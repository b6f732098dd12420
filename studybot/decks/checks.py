"""Checks across fields and cards that pydantic's per-field validation cannot express."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from studybot.decks.errors import DeckError
from studybot.decks.schema import GAP_RE, AnyCard, ClozeCard, McqCard, gap_variants
from studybot.decks.yamlsource import LocatedData

_ErrorFn = Callable[[tuple[str | int, ...], str], None]


def check_cards(file: str, located: LocatedData, cards: Sequence[tuple[int, AnyCard]]) -> list[DeckError]:
    errors: list[DeckError] = []

    def error(path: tuple[str | int, ...], message: str) -> None:
        errors.append(DeckError(file, located.line_of(path), message))

    source_ids: set[str] = set()
    raw_sources = located.data.get("sources")
    for i, source in enumerate(raw_sources if isinstance(raw_sources, list) else []):
        source_id = source.get("id") if isinstance(source, dict) else None
        if not isinstance(source_id, str):  # a list or mapping: the schema reports it at its line
            continue
        if source_id in source_ids:
            error(("sources", i, "id"), f"duplicate source id '{source_id}'")
        source_ids.add(source_id)

    first_line: dict[str, int] = {}
    for index, card in cards:
        at = ("cards", index)
        if card.id in first_line:
            error((*at, "id"), f"duplicate card id '{card.id}' (first at line {first_line[card.id]})")
        else:
            first_line[card.id] = located.line_of((*at, "id"))
        if card.source not in source_ids:
            error((*at, "source"), f"card '{card.id}': source '{card.source}' is not defined in sources")
        if isinstance(card, McqCard):
            _check_mcq(card, at, error)
        elif isinstance(card, ClozeCard):
            _check_cloze(card, at, error)
    return errors


def _check_mcq(card: McqCard, at: tuple[str | int, ...], error: _ErrorFn) -> None:
    normalised = [choice.strip().casefold() for choice in card.choices]
    for i, choice in enumerate(normalised):
        if choice in normalised[:i]:
            error((*at, "choices", i), f"card '{card.id}': duplicate choice {card.choices[i]!r}")
    if card.answer not in card.choices:
        error((*at, "answer"), f"card '{card.id}': answer {card.answer!r} is not one of its choices")


def _check_cloze(card: ClozeCard, at: tuple[str | int, ...], error: _ErrorFn) -> None:
    gaps = GAP_RE.findall(card.text)
    if not gaps:
        error((*at, "text"), f"card '{card.id}': cloze text has no {{{{gap}}}}")
    elif len(gaps) > 1:
        error((*at, "text"), f"card '{card.id}': cloze text has {len(gaps)} gaps; use one gap per card")
    elif not gap_variants(gaps[0]):
        error((*at, "text"), f"card '{card.id}': the cloze gap is empty")
