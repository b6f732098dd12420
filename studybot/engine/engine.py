"""QuizEngine: the one entry point adapters call. Each call is one short transaction (engine/calls.py);
the calls themselves are in two halves, studying (engine/study_calls.py) and the rest of a learner's and
an operator's business (engine/account_calls.py)."""

from __future__ import annotations

from studybot.engine.account_calls import IN_PRIVATE, AccountCalls
from studybot.engine.calls import BAD_ACCOUNT, BUSY, FULL, UNAVAILABLE, Clock
from studybot.engine.study_calls import DeckReply, StudyCalls

__all__ = ["BAD_ACCOUNT", "BUSY", "FULL", "IN_PRIVATE", "UNAVAILABLE", "Clock", "DeckReply", "QuizEngine"]


class QuizEngine(StudyCalls, AccountCalls):
    """Platform-neutral quiz rules over a database. Time and randomness are injected."""
