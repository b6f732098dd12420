"""One engine call's context: the transaction, the learner's row, the time, and the learner's clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from random import Random

from sqlalchemy.orm import Session

from studybot import zones
from studybot.engine.replies import Learner
from studybot.srs import DEFAULT_PARAMETERS, Parameters, Srs
from studybot.storage import fsrs_params
from studybot.storage.fsrs_params import MemoryModel
from studybot.storage.repo import Profile
from studybot.storage.unseen import Unseen

NONCE_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NONCE_LENGTH = 10  # ~58 bits; with a choice key it fits Telegram's 64-byte callback data many times over


@dataclass(frozen=True)
class EngineSettings:
    default_timezone: str = "UTC"
    default_push_time: str = "09:00"
    new_per_day: int = 20
    prompt_ttl: timedelta = timedelta(hours=24)
    admins: frozenset[str] = frozenset()  # "platform:id" identities allowed admin commands
    optimize: bool = False  # fit each learner's FSRS parameters in the background (`STUDYBOT_OPTIMIZE=auto`)
    summary_every: int = 10  # a session summary after this many answers in a row (0: only when none is left)
    upload_max_bytes: int = 10 * 1024 * 1024  # a learner's deck file, checked before it is downloaded
    upload_max_cards: int = 5_000
    max_decks_per_learner: int = 50
    upload_seconds: int = 30  # wall-clock limit of parsing one upload (decks/sandbox.py)


@dataclass
class Turn:
    session: Session
    user: Profile
    learner: Learner
    now: datetime
    rng: Random
    srs: Srs
    settings: EngineSettings
    new_today: int | None = None  # new cards introduced today, counted once per turn
    closed: list[str] = field(default_factory=list)  # messages of questions this turn ended (`Feedback.closes`)
    # read by a pick, reused by the progress line of the card it picked (nothing is reviewed in between)
    unseen: Unseen | None = None
    due_now: int | None = None  # cards due now, capped at the progress line's cap
    _memory_model: MemoryModel | None = None
    _memory_model_loaded: bool = False

    def close(self, refs: tuple[str, ...]) -> None:
        """Note that the chat messages `refs` showed a question this turn answered, dropped or replaced."""
        self.closed += [ref for ref in refs if ref not in self.closed]

    def knowing(self, model: MemoryModel | None) -> Turn:
        """This turn, with the learner's memory model as the caller read it (see `repo.find_learner`)."""
        self._memory_model, self._memory_model_loaded = model, True
        return self

    @property
    def memory_model(self) -> MemoryModel | None:
        """The learner's fit (None: never tried), read at most once per turn."""
        if not self._memory_model_loaded:
            self._memory_model = fsrs_params.load(self.session, self.user.id)
            self._memory_model_loaded = True
        return self._memory_model

    @property
    def parameters(self) -> Parameters:
        """The FSRS parameters this learner is scheduled with: their own once fitted, else the defaults."""
        model = self.memory_model
        return model.parameters if model is not None and model.parameters else DEFAULT_PARAMETERS

    @property
    def zone(self) -> tzinfo:
        return zones.zone(self.user.timezone)

    def local_midnight(self, days_ahead: int = 0) -> datetime:
        """Start of the learner's local day (today, or `days_ahead` later) as UTC."""
        local_day = self.now.astimezone(self.zone).date() + timedelta(days=days_ahead)
        return datetime.combine(local_day, time(0), tzinfo=self.zone).astimezone(UTC)

    def local_time(self, moment: datetime) -> str:
        """`moment` as the learner reads it: "14:05" today, "Tue 14:05" this week, else a date."""
        local = moment.astimezone(self.zone)
        today = self.now.astimezone(self.zone).date()
        if local.date() == today:
            return local.strftime("%H:%M")
        if (local.date() - today).days < 7:
            return local.strftime("%a %H:%M")
        return local.strftime("%Y-%m-%d")

    def local_when(self, moment: datetime) -> str:
        """`local_time`, naming the timezone it is in: "14:05 (Europe/Berlin time)"."""
        return f"{self.local_time(moment)} ({self.user.timezone} time)"

    def new_nonce(self) -> str:
        return "".join(self.rng.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))
