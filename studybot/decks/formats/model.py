"""What every upload reader returns, the limits they read under, and the one-line refusal."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from studybot.decks.schema import AnyCard, Source

NAME_CHARS = 40  # an own deck's short name, so `u<id>.<name>` fits a deck id and a button's 64 bytes


class UploadProblem(Exception):
    """Why an upload cannot be read: one line, shown to the learner as it is."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_cards: int

    @property
    def max_unpacked(self) -> int:
        """What one member of an archive may expand to: past this it is a zip bomb."""
        return 20 * self.max_bytes


@dataclass
class ParsedDeck:
    name: str  # the short name (a slug): re-uploading a file of the same name updates that deck
    title: str
    description: str
    cards: list[AnyCard] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # why → how many notes or rows
    notes: Counter[str] = field(default_factory=Counter)  # things kept but changed ("[image]" shown)
    sources: tuple[Source, ...] = ()  # a YAML deck's own; the others cite the uploaded file


def slug_of(text: str) -> str:
    """A file or deck name as a short deck name: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:NAME_CHARS].strip("-")
    return slug or "deck"


def title_of(text: str) -> str:
    title = " ".join(text.split())[:100]
    return title or "My deck"
