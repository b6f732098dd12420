"""Spaced repetition: scheduling with each learner's FSRS parameters (`scheduling`), fitting those
parameters to the learner's own reviews (`training`, `fitting`), recomputing card states when they change
(`replay`), and the workload a desired retention costs (`workload`)."""

from studybot.srs.memory import LEECH_LAPSES, Memory, Rating
from studybot.srs.scheduling import (
    DEFAULT_PARAMETERS,
    MAX_RETENTION,
    MIN_RETENTION,
    Parameters,
    Srs,
    check_retention,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "LEECH_LAPSES",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "Memory",
    "Parameters",
    "Rating",
    "Srs",
    "check_retention",
]
