"""Deck errors and the translation of pydantic's errors into sentences a deck author understands."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from studybot.decks.schema import CARD_MODELS, CARD_TYPES, DeckHeader, Source
from studybot.decks.yamlsource import LocatedData, Path


@dataclass(frozen=True, order=True)
class DeckError:
    """A problem in a deck file. Line 0 means no line applies (the file itself is the problem)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return printable(f"{where}: {self.message}")


def printable(text: str) -> str:
    """`text` with every control or otherwise unprintable character written as an escape, so a deck's
    bytes can never drive the terminal (colours, cursor moves, a cleared screen)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def describe_validation_error(
    file: str, located: LocatedData, prefix: Path, exc: ValidationError, *, card: str | None = None
) -> list[DeckError]:
    """pydantic's errors as deck errors; `card` (a card's id) starts every message about that card."""
    details = [(d, (*prefix, *_data_path(d))) for d in exc.errors(include_url=False)]
    paths = [path for _, path in details]
    errors = []
    for detail, path in details:
        if detail["type"] == "too_short" and any(_inside(other, path) for other in paths):
            continue  # an item failed, so the list came out short: the item's error says it all
        if card is None:
            sentence = _sentence(path, path, detail)
        else:
            sentence = f"card {card!r}: {_sentence(path, path[len(prefix) :], detail)}"
        errors.append(DeckError(file, located.line_of(path), sentence))
    return errors


def _inside(path: Path, parent: Path) -> bool:
    return len(path) > len(parent) and path[: len(parent)] == parent


def _data_path(detail: ErrorDetails) -> Path:
    """pydantic's loc, minus the union tags it inserts for discriminated unions."""
    return tuple(part for part in detail["loc"] if part not in CARD_TYPES)


def _where(path: Path) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "file"


def _sentence(path: Path, shown: Path, detail: ErrorDetails) -> str:
    kind = detail["type"]
    name = _where(shown)
    ctx = detail.get("ctx", {})
    if kind == "missing":
        return f"missing key '{path[-1]}'" if path else "missing key"
    if kind == "extra_forbidden":
        return f"unknown key {str(path[-1])!r}" + _did_you_mean(str(path[-1]), _allowed_keys(detail))
    if kind == "union_tag_invalid":
        return f"unknown card type {ctx.get('tag')!r} (expected one of: {', '.join(CARD_TYPES)})"
    if kind == "union_tag_not_found":
        return f"missing key 'type' (one of: {', '.join(CARD_TYPES)})"
    if kind == "string_too_short":
        return f"{name} must not be empty"
    if kind == "string_too_long":
        return f"{name} is longer than {ctx.get('max_length')} characters"
    if kind == "too_short":
        count = ctx.get("min_length")
        return f"{name} needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "too_long":
        return f"{name} has more than {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch" and path and path[-1] in {"id", "deck", "source"}:
        return f"{name} must be lower-case letters, digits and '-' (got {detail['input']!r})"
    if kind == "string_type" and isinstance(detail["input"], bool):
        return f"{name}: {str(detail['input']).lower()} is a YAML boolean; put the text in quotes"
    if kind == "string_type" and detail["input"] is None:
        return f"{name}: null (or ~, or nothing) means no value; put the text in quotes"
    if kind == "bool_type" and isinstance(detail["input"], str):
        return f"{name}: expected true or false, got {detail['input']!r}"
    if kind in {"string_type", "bool_type", "model_type", "tuple_type", "list_type", "dict_type"}:
        return f"{name}: expected {_expected(kind)}, got {type(detail['input']).__name__}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{name}: {message}"


def _expected(kind: str) -> str:
    return {
        "string_type": "text",
        "bool_type": "true or false",
        "model_type": "a mapping",
        "dict_type": "a mapping",
        "tuple_type": "a list",
        "list_type": "a list",
    }[kind]


def _allowed_keys(detail: ErrorDetails) -> tuple[str, ...]:
    loc = detail["loc"]
    model: type[BaseModel] = DeckHeader
    for part in loc:
        if isinstance(part, str) and part in CARD_MODELS:
            model = CARD_MODELS[part]
    if loc and loc[0] == "sources":
        model = Source
    return tuple(model.model_fields)


def _did_you_mean(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
