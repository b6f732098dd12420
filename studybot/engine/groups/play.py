"""One group call's context: the transaction, the time, randomness, and the member acting (if any)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from random import Random

from sqlalchemy.orm import Session

from studybot.engine.turn import NONCE_ALPHABET, NONCE_LENGTH
from studybot.storage.repo import Profile


@dataclass
class Play:
    session: Session
    now: datetime
    rng: Random
    platform: str
    user: Profile | None = None  # None for the timer's calls (closing, the question of the day)

    @property
    def member(self) -> Profile:
        assert self.user is not None, "a member's call without the member"
        return self.user

    def new_nonce(self) -> str:
        return "".join(self.rng.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))
