"""What is kept about one learner and one card between reviews, and the four grades."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import IntEnum
from typing import Any

LEECH_LAPSES = 8


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Memory:
    """What we keep about one learner and one card between reviews."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def to_json(self) -> dict[str, Any]:
        # field by field, not dataclasses.asdict: asdict deep-copies every value, and a kept fit writes one
        # of these per review of the learner's whole history while it holds the write lock (13x slower)
        data = {name: getattr(self, name) for name in _MEMORY_FIELDS}
        data["due"] = self.due.isoformat()
        data["last_review"] = self.last_review.isoformat() if self.last_review else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Memory:
        last = data["last_review"]
        return cls(
            **{
                **data,
                "due": datetime.fromisoformat(data["due"]),
                "last_review": datetime.fromisoformat(last) if last else None,
            }
        )


_MEMORY_FIELDS = tuple(f.name for f in fields(Memory))
