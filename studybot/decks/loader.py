"""Deck files → validated `Deck`s, with every problem reported as FILE:LINE: message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from studybot.decks.checks import check_cards
from studybot.decks.errors import DeckError, describe_validation_error
from studybot.decks.schema import AnyCard, Card, DeckHeader, Source
from studybot.decks.yamlsource import LocatedData, YamlProblem, read_yaml

MAX_CARDS = 10_000
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


def deck_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[DeckError]]:
    """Expand directories to their *.yaml / *.yml files (sorted); report paths that do not exist."""
    files: list[Path] = []
    errors: list[DeckError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                errors.append(DeckError(str(path), 0, "no *.yaml deck files in this directory"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(DeckError(str(path), 0, "no such file or directory"))
    return files, errors


def load_decks(paths: Sequence[str | Path]) -> LoadResult:
    """Load and validate every deck; collect all problems instead of stopping at the first."""
    files, errors = deck_files(paths)
    result = LoadResult(errors=errors)
    seen: dict[str, str] = {}
    for file in files:
        deck, file_errors = load_deck_file(file)
        result.errors.extend(file_errors)
        if deck is None:
            continue
        if deck.id in seen:
            result.errors.append(DeckError(str(file), 1, f"deck id '{deck.id}' is also used by {seen[deck.id]}"))
            continue
        seen[deck.id] = str(file)
        result.decks.append(deck)
    return result


def load_deck_file(file: Path) -> tuple[Deck | None, list[DeckError]]:
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
        located = read_yaml(text)
    except UnicodeDecodeError as exc:
        return None, [DeckError(name, 1, f"not UTF-8 text ({exc.reason})")]
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
            errors.extend(describe_validation_error(name, located, ("cards", index), exc))
    errors.extend(check_cards(name, located, cards))
    if errors or header is None:
        return None, errors
    deck = Deck(header.deck, header.title, header.description, header.sources, tuple(c for _, c in cards), name)
    return deck, []
