"""Pydantic models of a deck file. Structure and per-field limits live here; cross-field checks in checks.py."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

MAX_TEXT = 2000
CARD_TYPES = ("mcq", "truefalse", "short", "cloze", "flashcard")
GAP_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_VARIANT_BAR = re.compile(r"(?<!\\)\|")  # a bar between a gap's accepted forms; "\|" is a bar inside one


def gap_variants(gap: str) -> tuple[str, ...]:
    """A gap's accepted forms, canonical first: split at each bar but an escaped one (`P(y\\|x)`), blanks left out."""
    parts = (part.replace("\\|", "|").strip() for part in _VARIANT_BAR.split(gap))
    return tuple(part for part in parts if part)


def escape_bars(answer: str) -> str:
    """`answer` written for a gap, its bars kept as part of it."""
    return answer.replace("|", "\\|")


# Letters that draw nothing: Hangul fillers and the blank braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"})


def is_blank(value: str) -> bool:
    """True when `value` would show nothing: spaces, zero-width and format characters, lone accents."""
    return all(
        char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES
        for char in value
    )


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if is_blank(value):
        raise ValueError("has only invisible characters")
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_not_blank)]
Question = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_not_blank)]
Choice = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_not_blank)]
Answer = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_not_blank)]
Tag = Annotated[str, StringConstraints(pattern=r"^[\w-]{1,32}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Source(_Strict):
    id: Slug
    title: Text
    # the note the deck's author worked from: provenance for maintainers, never shown to learners
    file: Annotated[str, StringConstraints(max_length=255)] | None = None
    ref: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None

    @model_validator(mode="after")
    def _followable(self) -> Source:
        if self.ref is None and self.url is None:
            raise ValueError("a source needs a 'ref' (a bibliographic reference) or a 'url' that a learner can follow")
        return self


class _CardBase(_Strict):
    id: Slug
    source: Slug
    explanation: Text
    section: Text | None = None
    tags: tuple[Tag, ...] = ()
    hint: Text | None = None


class McqCard(_CardBase):
    type: Literal["mcq"]
    question: Question
    choices: Annotated[tuple[Choice, ...], Field(min_length=2, max_length=8)]
    answer: Choice


class TrueFalseCard(_CardBase):
    type: Literal["truefalse"]
    statement: Text
    answer: StrictBool


class ShortCard(_CardBase):
    type: Literal["short"]
    question: Text
    answers: Annotated[tuple[Answer, ...], Field(min_length=1, max_length=20)]


class ClozeCard(_CardBase):
    type: Literal["cloze"]
    text: Text

    @property
    def gap_answers(self) -> tuple[str, ...]:
        """Accepted answers of the single gap, canonical first."""
        match = GAP_RE.search(self.text)
        assert match is not None, "validated: a cloze has one gap"
        return gap_variants(match.group(1))

    @property
    def masked_text(self) -> str:
        return GAP_RE.sub("____", self.text)


class FlashCard(_CardBase):
    type: Literal["flashcard"]
    front: Text
    back: Text
    explanation: Text | None = None  # type: ignore[assignment]


Card = Annotated[McqCard | TrueFalseCard | ShortCard | ClozeCard | FlashCard, Field(discriminator="type")]
AnyCard = McqCard | TrueFalseCard | ShortCard | ClozeCard | FlashCard
CARD_MODELS: dict[str, type[_CardBase]] = {
    "mcq": McqCard,
    "truefalse": TrueFalseCard,
    "short": ShortCard,
    "cloze": ClozeCard,
    "flashcard": FlashCard,
}


class DeckHeader(_Strict):
    """Everything in a deck file but the cards, which are validated one by one."""

    deck: Slug
    title: Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_not_blank)]
    description: Annotated[str, StringConstraints(max_length=500)] = ""
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    cards: Annotated[list[object], Field(min_length=1)]
