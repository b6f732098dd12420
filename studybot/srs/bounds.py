"""FSRS parameters the scheduler accepts. fsrs-rs fits in float32, so a weight at one of py-fsrs's bounds
(0.8 for w9, w19 and w20) comes back as 0.800000011920929, which py-fsrs refuses: the fit would fail at
every try, and stored, it would fail every answer. A fit is brought within the bounds before it is judged;
one that is not a number at all is no fit, and a stored model that cannot be used falls back to the defaults.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

Parameters = tuple[float, ...]


def usable(parameters: Sequence[float]) -> Parameters | None:
    """`parameters` within py-fsrs's bounds; None when they are the wrong number or not all finite."""
    if len(parameters) != len(LOWER_BOUNDS_PARAMETERS):
        return None
    values = tuple(float(w) for w in parameters)
    if not all(math.isfinite(w) for w in values):
        return None
    bounds = zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    return tuple(min(max(w, low), high) for w, (low, high) in zip(values, bounds, strict=True))
