"""The port: what the engine returns. Frozen, platform-neutral data; adapters render it.

No markup here: every string is plain text that an adapter escapes for its platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class Level(StrEnum):
    INFO = "info"
    ERROR = "error"


@dataclass(frozen=True)
class Learner:
    """Who is talking: a platform and that platform's id for the person."""

    platform: str
    external_id: str
    display_name: str = ""


@dataclass(frozen=True)
class Citation:
    title: str
    section: str | None = None
    location: str | None = None  # a URL, else a bibliographic reference: something a learner can follow


@dataclass(frozen=True)
class Choice:
    key: str  # "1", "2", ... in presentation order; buttons carry it next to the nonce
    label: str
    ruled_out: bool = False  # removed by a hint: still shown (keys keep their meaning), marked as out


@dataclass(frozen=True)
class QuizPoll:
    """An open objective question as a platform's native quiz poll (which shows the answer itself)."""

    nonce: str
    question: str
    options: tuple[str, ...]  # in presentation order
    keys: tuple[str, ...]  # the choice key each option answers with
    correct: int  # index into options
    explanation: str | None


@dataclass(frozen=True)
class Prompt:
    card_id: int
    deck: str
    deck_title: str
    kind: str  # mcq | truefalse | short | cloze | flashcard
    text: str
    choices: tuple[Choice, ...]
    nonce: str
    progress: str  # "3 of 12 due"
    hint_available: bool
    poll: QuizPoll | None = None  # set when the learner chose native polls and the card can be one
    shown_in: tuple[str, ...] = ()  # after a hint: the messages already showing this question, to update in place
    closes: tuple[str, ...] = ()  # see `Feedback.closes`


@dataclass(frozen=True)
class GradeOption:
    rating: int
    label: str  # Again / Hard / Good / Easy
    interval: timedelta


@dataclass(frozen=True)
class GradeButtons:
    """A flashcard's back, with the four self-grades and the interval each would give."""

    nonce: str
    front: str
    back: str
    explanation: str | None
    source: Citation
    options: tuple[GradeOption, ...]
    cram: bool = False  # a cram card: grading it changes no interval, so none is shown
    closes: tuple[str, ...] = ()  # see `Feedback.closes`
    refreshed: bool = False  # shown again because the intervals changed since the back was opened


@dataclass(frozen=True)
class SessionSummary:
    """How the learner's study session went, shown every few answers and when no card is left."""

    reviewed: int  # answers in this session (no pause longer than half an hour between them)
    right: int  # of those, not rated Again
    due_now: int  # cards waiting now
    next_due: str | None  # when nothing waits: the next card's due time in the learner's zone ("18:40")
    streak_days: int


@dataclass(frozen=True)
class Notice:
    text: str
    level: Level = Level.INFO
    next: Prompt | None = None
    closes: tuple[str, ...] = ()  # see `Feedback.closes`
    study_ahead: bool = False  # nothing is due yet but a card within minutes: offer to ask it now (as /quiz)
    undone: tuple[str, ...] = ()  # messages that showed the answer /undo took back: to be marked as undone
    put_off: str | None = None  # a daily push: the token its "Later (1 h)" and "Not today" buttons carry
    study_deck: str | None = None  # a deck the notice is about (just uploaded): a "Study it" button
    share_code: str | None = None  # `/share`: platforms with deep links show one (`t.me/BOT?start=deck-CODE`)
    confirm_delete: str | None = None  # `/deletedeck`: the deck a "Delete it" button deletes (delete_deck confirmed)
    # a second press on a question just answered (a double tap): the message is the first press's to update
    answered_already: bool = False


@dataclass(frozen=True)
class Feedback:
    correct: bool | None  # None for self-graded flashcards
    expected: str
    given: str | None
    near_miss: bool
    explanation: str | None
    source: Citation
    rating: str
    due: datetime
    interval: timedelta
    nonce: str  # of the graded presentation: the "I was right" button carries it
    can_override: bool
    leech: bool = False
    next: Prompt | Notice | None = None
    details_shown: bool = False  # explanation and source were on the flashcard's back: do not repeat them
    can_mark_easy: bool = False  # right without a hint: QuizEngine.easy(learner, nonce) rates it Easy instead
    cram: bool = False  # a cram answer: the card's schedule (`due`) did not change
    summary: SessionSummary | None = None  # after every few answers, and when no card is left
    choice: str | None = None  # the label of the choice taken (multiple choice, true/false), however given
    # Chat messages (the refs an adapter gave `remember_messages` / `remember_poll`) that showed a question
    # this reply ended (answered, skipped, replaced): their buttons should go, their polls stop.
    closes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckInfo:
    id: str
    title: str
    description: str
    cards: int
    subscribed: bool
    new: bool = False  # imported since the learner last saw the deck list, and not subscribed
    yours: bool = False  # the learner's own deck (uploaded or /add): listed apart, under "Yours"


class DeckAction(StrEnum):
    """What tapping a deck does; each is also a command a learner can type (`/subscribe DECK`, …)."""

    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"  # progress kept
    CRAM = "cram"
    STUDY = "quiz"  # subscribe if need be, then study that deck for now (`/quiz DECK`)


@dataclass(frozen=True)
class DeckList:
    """The decks, as a list to subscribe from (`pick` None) or as the question "which deck?" for `pick`.

    Adapters show each deck as something to tap (a button, a select menu option) doing `action(deck)`;
    `everything` adds one more for every deck at once (the id "all"), where that makes sense."""

    decks: tuple[DeckInfo, ...]
    message: str | None = None  # said above the decks: a greeting, the question asked
    pick: DeckAction | None = None
    complete: bool = True  # every deck there is, not a few suggested: an "all decks" entry makes sense

    def action(self, deck: DeckInfo) -> DeckAction:
        """In the deck list a ✓ deck unsubscribes and any other subscribes; in a question, `pick`."""
        if self.pick is not None:
            return self.pick
        return DeckAction.UNSUBSCRIBE if deck.subscribed else DeckAction.SUBSCRIBE

    @property
    def everything(self) -> DeckAction | None:
        """The action of an "all decks" entry (deck id "all"), offered while some deck is not subscribed."""
        offered = self.pick in (None, DeckAction.SUBSCRIBE, DeckAction.STUDY) and self.complete
        if offered and any(not d.subscribed for d in self.decks):
            return self.pick or DeckAction.SUBSCRIBE
        return None


@dataclass(frozen=True)
class DeckProgress:
    id: str
    title: str
    cards: int
    seen: int
    due: int
    suspended: int


@dataclass(frozen=True)
class DayReviews:
    day: date  # the learner's local day
    right: int  # not rated Again
    wrong: int


@dataclass(frozen=True)
class DayDue:
    day: date  # the learner's local day
    cards: int  # today: everything due by midnight, overdue included


@dataclass(frozen=True)
class DeckRetention:
    title: str
    reviews: int  # reviews (not first sightings) in the last 30 days
    retention: float  # share of them not rated Again


@dataclass(frozen=True)
class Headline:
    """The three figures the stats picture opens with."""

    streak_days: int
    due_today: int
    retention_30d: float | None  # None: no reviews (first sightings aside) in 30 days


@dataclass(frozen=True)
class ProgressChart:
    """The figures of the stats picture; adapters draw them (adapters/chart.py)."""

    reviews: tuple[DayReviews, ...]  # the last 12 weeks of local days, oldest first, today last
    forecast: tuple[DayDue, ...]  # the next 14 local days, today first
    retention: tuple[DeckRetention, ...]  # decks reviewed in the last 30 days
    headline: Headline = Headline(0, 0, None)


@dataclass(frozen=True)
class Stats:
    due_now: int
    due_today: int
    reviewed_today: int
    new_today: int
    new_limit: int
    streak_days: int
    retention_30d: float | None  # share of reviews (not first sightings) not rated Again
    decks: tuple[DeckProgress, ...]
    chart: ProgressChart | None = None  # None when there is nothing to draw (no reviews, nothing scheduled)
    memory_model: str = ""  # which FSRS parameters schedule the learner: theirs (fitted when) or the defaults


@dataclass(frozen=True)
class SettingChoice:
    """A settings change to tap: what `/settings NAME VALUE` would do."""

    label: str
    name: str
    value: str


@dataclass(frozen=True)
class SettingsView:
    timezone: str
    push_time: str
    new_per_day: int
    desired_retention: float
    paused: bool
    message: str | None = None
    polls: bool = False  # native quiz polls where the platform has them (Telegram)
    push_threshold: int = 1  # the daily push comes only when at least this many cards wait
    next_push: str | None = None  # "tomorrow 07:30" in the learner's zone; None while paused
    reminder: bool = False  # an evening reminder after a daily push left unanswered
    choices: tuple[SettingChoice, ...] = ()  # changes to tap: the common ones, or "which Portland?"
    usage: str | None = None  # how to type any change, said last


@dataclass(frozen=True)
class RetentionChoice:
    retention: float
    answers_per_day: float  # expected over the preview's days, first sightings of new cards included
    remembered: float  # share of the cards studied expected to be remembered at the end
    cheapest: bool  # the least work per card remembered
    current: bool


@dataclass(frozen=True)
class RetentionPreview:
    """`/settings retention`: what each desired retention would cost the learner; adapters offer a button
    per choice that sends `/settings retention VALUE`."""

    choices: tuple[RetentionChoice, ...]
    days: int
    own_model: bool  # simulated with the learner's fitted parameters (else the defaults)


@dataclass(frozen=True)
class AdminStats:
    """Figures for the bot's operators, counted in UTC days."""

    learners: int
    active_today: int  # learners with at least one review today
    reviews_today: int
    pushes_today: int  # daily pushes delivered today
    blocked: int  # learners the platforms refuse to deliver to
    fitted: int = 0  # learners scheduled with FSRS parameters fitted to their own reviews


@dataclass(frozen=True)
class Document:
    """A file for the learner (their review log): adapters send it as an attachment."""

    filename: str
    content: bytes
    media_type: str
    caption: str


Reply = (
    Prompt
    | Feedback
    | GradeButtons
    | Notice
    | DeckList
    | Stats
    | SettingsView
    | AdminStats
    | Document
    | RetentionPreview
)
