"""What an import changed (or would change), per deck, and why an import was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

SHOWN_IDS = 10  # card ids listed per kind of change; the rest are counted


class ImportRefused(Exception):
    """The import would take a deck from another file or delete learners' history without being told to."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class DeckReport:
    deck: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    deleted: int = 0
    updated_ids: list[str] = field(default_factory=list)
    retired_ids: list[str] = field(default_factory=list)
    deleted_ids: list[str] = field(default_factory=list)
    deleted_reviews: int = 0
    deleted_learners: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.deck}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired"
        )
        if self.deleted:
            text += f", {self.deleted} deleted"
            if self.deleted_reviews:
                text += f" with {reviews_by(self.deleted_reviews, self.deleted_learners)}"
        for kind, ids in (("updated", self.updated_ids), ("retired", self.retired_ids), ("deleted", self.deleted_ids)):
            if ids:
                text += f"\n  {kind}: {id_list(ids)}"
        return text  # ids are slugs: nothing here can drive a terminal


def id_list(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" … and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def reviews_by(reviews: int, learners: int) -> str:
    return f"{reviews} review{'s' if reviews != 1 else ''} by {learners} learner{'s' if learners != 1 else ''}"
