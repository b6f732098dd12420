"""Points for a right challenge answer, and ranks with ties."""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_POINTS = 10
MIN_POINTS = 5
RULE = (
    f"A right challenge answer scores {MIN_POINTS}–{MAX_POINTS} points: {MAX_POINTS} when instant, "
    f"{MIN_POINTS} in the question's last second; a wrong one scores 0."
)


def points(correct: bool, taken_ms: int, open_seconds: int) -> int:
    """Faster right answers score more: MAX_POINTS at once, MIN_POINTS in the question's last second,
    linear between (to the nearest point)."""
    if not correct:
        return 0
    late = min(max(taken_ms, 0) / (max(open_seconds - 1, 1) * 1000), 1)  # 0 at once, 1 from the last second on
    return MAX_POINTS - math.floor((MAX_POINTS - MIN_POINTS) * late + 0.5)


def ranks(scores: Sequence[int]) -> list[int]:
    """Competition ranks of `scores` sorted best first: equal scores share a rank (10, 10, 7 → 1, 1, 3)."""
    out: list[int] = []
    for i, score in enumerate(scores):
        out.append(out[-1] if i and score == scores[i - 1] else i + 1)
    return out
