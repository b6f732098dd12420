"""Deck files → validated `Deck`s, with every problem reported as FILE:LINE: message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from studybot.decks.checks import check_cards
from studybot.decks.errors import DeckError, describe_validation_error
from studybot.decks.files import deck_files, read_deck_bytes
from studybot.decks.schema import AnyCard, Card, DeckHeader, Source
from studybot.decks.yamlsource import LocatedData, YamlProblem, read_yaml

MAX_CARDS = 10_000
MAX_ERRORS_PER_FILE = 100
_card_adapter: TypeAdapter[AnyCard] = TypeAdapter(Card)


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    description: str
    sources: tuple[Source, ...]
    cards: tuple[AnyCard, ...]
    path: str


@dataclass
class LoadResult:
    decks: list[Deck] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_decks(paths: Sequence[str | Path]) -> LoadResult:
    """Load and validate every deck; collect all problems instead of stopping at the first."""
    files, errors = deck_files(paths)
    result = LoadResult(errors=errors)
    seen: dict[str, str] = {}
    for file in files:
        deck, file_errors = load_deck_file(file)
        result.errors.extend(_first_errors(file, file_errors))
        if deck is None:
            continue
        if deck.id in seen:
            result.errors.append(DeckError(str(file), 1, f"deck id '{deck.id}' is also used by {seen[deck.id]}"))
            continue
        seen[deck.id] = str(file)
        result.decks.append(deck)
    return result


def _first_errors(file: Path, errors: list[DeckError]) -> list[DeckError]:
    """At most MAX_ERRORS_PER_FILE, so a generated file gone wrong does not flood the terminal."""
    if len(errors) <= MAX_ERRORS_PER_FILE:
        return errors
    hidden = len(errors) - MAX_ERRORS_PER_FILE
    note = DeckError(str(file), 0, f"{hidden} more problems not shown (the first {MAX_ERRORS_PER_FILE} are below)")
    return [note, *sorted(errors)[:MAX_ERRORS_PER_FILE]]


def load_deck_file(file: Path) -> tuple[Deck | None, list[DeckError]]:
    name = str(file)
    data = read_deck_bytes(file)
    if isinstance(data, DeckError):
        return None, [data]
    return load_deck_bytes(name, data)


def load_deck_bytes(name: str, data: bytes) -> tuple[Deck | None, list[DeckError]]:
    """A deck file's bytes (read within the size limit) as a validated deck, or every problem in it."""
    try:
        located = read_yaml(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [DeckError(name, line, f"not UTF-8 text (byte 0x{data[exc.start]:02X}: {exc.reason})")]
    except YamlProblem as exc:
        return None, [DeckError(name, exc.line, exc.message)]
    if not isinstance(located.data, dict):
        return None, [DeckError(name, 1, "a deck file must be a mapping with deck, title, sources and cards")]
    return _build_deck(name, located)


def _build_deck(name: str, located: LocatedData) -> tuple[Deck | None, list[DeckError]]:
    errors: list[DeckError] = []
    header: DeckHeader | None = None
    try:
        header = DeckHeader.model_validate(located.data)
    except ValidationError as exc:
        errors.extend(describe_validation_error(name, located, (), exc))
    raw_cards = located.data.get("cards")
    if not isinstance(raw_cards, list):
        return None, errors
    if len(raw_cards) > MAX_CARDS:
        return None, [DeckError(name, located.line_of(("cards",)), f"more than {MAX_CARDS} cards in one file")]
    cards: list[tuple[int, AnyCard]] = []
    for index, raw in enumerate(raw_cards):
        try:
            cards.append((index, _card_adapter.validate_python(raw)))
        except ValidationError as exc:
            card_id = raw.get("id") if isinstance(raw, dict) else None
            label = card_id if isinstance(card_id, str) else f"#{index + 1}"
            errors.extend(describe_validation_error(name, located, ("cards", index), exc, card=label))
    errors.extend(check_cards(name, located, cards))
    if errors or header is None:
        return None, errors
    deck = Deck(header.deck, header.title, header.description, header.sources, tuple(c for _, c in cards), name)
    return deck, []
