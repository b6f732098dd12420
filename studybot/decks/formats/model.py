"""What every upload reader returns, the limits they read under, and the one-line refusal."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from studybot.decks.schema import AnyCard, Source

NAME_CHARS = 40  # an own deck's short name, so `u<id>.<name>` fits a deck id and a button's 64 bytes
HASH_CHARS = 8  # what ends a name cut to NAME_CHARS
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line breaks are text


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
    return fit_name(re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")) or "deck"


def fit_name(slug: str) -> str:
    """`slug` cut to NAME_CHARS. A longer one keeps its beginning and ends with a hash of the whole, so
    two long names that begin alike stay two decks (and the same name is always the same deck)."""
    if len(slug) <= NAME_CHARS:
        return slug.strip("-")
    digest = hashlib.sha256(slug.encode()).hexdigest()[:HASH_CHARS]
    return f"{slug[: NAME_CHARS - HASH_CHARS - 1].strip('-')}-{digest}"


def without_controls(text: str) -> str:
    """`text` without the control characters a text upload is refused for: for what comes from inside a
    package (Anki's fields are HTML, where they show as nothing), so none reaches a chat or a terminal."""
    return CONTROL.sub("", text)


def title_of(text: str) -> str:
    title = " ".join(without_controls(text).split())[:100]
    return title or "My deck"
