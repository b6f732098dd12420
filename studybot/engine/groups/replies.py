"""What group play returns to adapters: platform-neutral, frozen, plain text (adapters escape it)."""

from __future__ import annotations

from dataclasses import dataclass

from studybot.engine.replies import Choice, Notice


@dataclass(frozen=True)
class Place:
    """Where a group command or press comes from: a platform's chat (opaque id), and whether the member
    speaking is one of the chat's admins (the adapter asks the platform). A place inside a chat that plays
    on its own (a Telegram forum topic) is named "CHAT/…": a member who leaves CHAT leaves it too."""

    platform: str
    chat_id: str
    by_admin: bool = False


@dataclass(frozen=True)
class ChallengeQuestion:
    """A question to post in the chat; anyone may answer it once with a choice key and the nonce."""

    nonce: str
    position: int  # 1-based
    total: int
    title: str  # "Challenge by Alice · Physics basics" or "Question of the day · Physics basics"
    kind: str  # mcq | truefalse
    text: str
    choices: tuple[Choice, ...]
    seconds: int  # how long it stays open


@dataclass(frozen=True)
class Winner:
    name: str
    seconds: float  # how long they took
    points: int


@dataclass(frozen=True)
class ClosedQuestion:
    """A question that closed: its message (`ref`, as the adapter recorded it) now shows the answer."""

    ref: str | None
    nonce: str
    position: int
    total: int
    title: str
    text: str
    answer: str  # the right choice's label
    right: tuple[Winner, ...]  # fastest first
    wrong: int  # how many answered wrong


@dataclass(frozen=True)
class ScoreRow:
    rank: int  # ties share a rank: 1, 1, 3
    name: str
    points: int
    right: int
    streak_days: int = 0  # leaderboards only: days in a row with a right answer


@dataclass(frozen=True)
class Scoreboard:
    """The end of a challenge."""

    title: str
    rows: tuple[ScoreRow, ...]
    questions: int  # asked
    stopped_by: str | None = None  # the name of who stopped it early


@dataclass(frozen=True)
class Leaderboard:
    period: str  # "week" | "all"
    rows: tuple[ScoreRow, ...]  # at most 10
    mine: ScoreRow | None  # the caller's row when it is not among `rows`
    rule: str  # how points are counted


@dataclass(frozen=True)
class GroupUpdate:
    """The outcome of a group call: a word for the caller (a command's reply, or a press's alert), and
    what the chat's messages become: closed questions to edit, a question to post, a scoreboard to post, a
    notice to post."""

    say: Notice | None = None
    closed: tuple[ClosedQuestion, ...] = ()
    ask: ChallengeQuestion | None = None
    scoreboard: Scoreboard | None = None
    chat_id: str = ""  # the platform's chat these messages belong in
    personal: bool = False  # `say` concerns the caller alone: shown only to them where the platform can
    notice: Notice | None = None  # a word for the whole chat from the timer (why no question of the day came)


@dataclass(frozen=True)
class DailyClaim:
    """A chat whose question of the day this process now owns and must post."""

    platform: str
    chat_id: str


GroupReply = GroupUpdate | Leaderboard
