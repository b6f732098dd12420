"""QuizEngine: the one entry point adapters call. Each call is one short transaction.

Whatever a learner sends, a call returns a reply: text is cleaned (engine/inputs.py), and a database
that is busy or unreachable becomes a Notice saying so. Calls that only read (stats, showing
settings, admin figures) take no write lock, so they are answered even while an import holds SQLite's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from random import Random
from typing import TypeVar

from sqlalchemy.orm import Session

from studybot.engine import (
    account,
    admin,
    answering,
    asking,
    cram,
    daily,
    export,
    history,
    linking,
    moves,
    presentations,
    putoff,
    stats,
    studying,
)
from studybot.engine.inputs import clean, clean_learner
from studybot.engine.replies import (
    AdminStats,
    DeckList,
    Document,
    Feedback,
    GradeButtons,
    Learner,
    Level,
    Notice,
    Prompt,
    QuizPoll,
    SettingsView,
    Stats,
)
from studybot.engine.turn import EngineSettings, Turn
from studybot.push.reschedule import reschedule
from studybot.push.schedule import next_push
from studybot.srs import Rating, Srs
from studybot.storage import repo
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageBusy, StorageUnavailable
from studybot.storage.repo import Profile

Clock = Callable[[], datetime]
T = TypeVar("T")
BUSY = Notice("I'm busy saving other work. Please try again in a moment.", Level.ERROR)
UNAVAILABLE = Notice("I can't reach my database right now. Please try again in a minute.", Level.ERROR)
BAD_ACCOUNT = Notice("I can't keep progress for this account: its id is too long or not text.", Level.ERROR)


class QuizEngine:
    """Platform-neutral quiz rules over a database. Time and randomness are injected."""

    def __init__(self, db: Database, *, clock: Clock, rng: Random, settings: EngineSettings | None = None) -> None:
        self.db = db
        self._clock = clock
        self._rng = rng
        self._srs = Srs(rng)
        self.settings = settings or EngineSettings()

    async def _call(self, learner: Learner, action: Callable[[Turn], T], *, read_only: bool = False) -> T | Notice:
        """Run `action` on a fresh Turn in one transaction, in a storage worker thread.

        `read_only` actions run without the write lock; a learner seen for the first time still needs
        a write (their row), so for them the action runs again as a write."""
        cleaned = clean_learner(learner)
        if cleaned is None:
            return BAD_ACCOUNT
        try:
            if read_only:
                found = await self.db.run(lambda session: self._read(session, cleaned, action), read_only=True)
                if found is not None:
                    return found
            return await self.db.run(lambda session: action(self._turn(session, cleaned)))
        except StorageBusy:
            return BUSY
        except StorageUnavailable:
            return UNAVAILABLE

    def _read(self, session: Session, learner: Learner, action: Callable[[Turn], T]) -> T | None:
        user = repo.find_user(session, learner.platform, learner.external_id)
        if user is None or user.blocked:  # a first contact, or one that unblocks them: both write
            return None
        return action(self._make_turn(session, user, learner, self._clock()))

    def _turn(self, session: Session, learner: Learner, *, from_learner: bool = True) -> Turn:
        """`from_learner=False` for turns the learner did not start (a push): they do not unblock."""
        now = self._clock()
        timezone, push_time = self.settings.default_timezone, self.settings.default_push_time
        defaults: dict[str, object] = {
            "display_name": learner.display_name,
            "timezone": timezone,
            "push_time": push_time,
            "new_per_day": self.settings.new_per_day,
            "next_push_at": next_push(now, push_time, timezone),
        }
        user = repo.get_or_create_user(session, learner.platform, learner.external_id, defaults=defaults, now=now)
        turn = self._make_turn(session, user, learner, now)
        if not from_learner:
            return turn
        linking.follow(turn)  # a linked learner's pushes go to the platform they used last
        if turn.user.blocked:  # they are talking to us again, so the platform delivers to them again
            turn.user = repo.update_profile(session, turn.user, blocked=False)
            reschedule(session, turn.user, now)
        return turn

    def _make_turn(self, session: Session, user: Profile, learner: Learner, now: datetime) -> Turn:
        return Turn(session, user, learner, now, self._rng, self._srs, self.settings)

    async def start(self, learner: Learner, *, subscribe_all: bool = False) -> Notice:
        """Greet the learner; with `subscribe_all`, a learner without decks gets every deck."""
        return await self._call(learner, lambda turn: account.greet(turn, subscribe_all=subscribe_all))

    async def decks(self, learner: Learner) -> DeckList | Notice:
        return await self._call(learner, account.list_decks)  # writes: it marks new decks as seen

    async def subscribe(self, learner: Learner, deck: str) -> Notice:
        deck = clean(deck)
        return await self._call(learner, lambda turn: account.subscribe(turn, deck))

    async def unsubscribe(self, learner: Learner, deck: str) -> Notice:
        deck = clean(deck)
        return await self._call(learner, lambda turn: account.unsubscribe(turn, deck))

    async def next(self, learner: Learner, deck: str | None = None) -> Prompt | GradeButtons | Notice:
        """The open question as the learner left it (a revealed flashcard: its grades), else the next card;
        with `deck`, study that deck only for now ("all": every deck)."""
        if deck:
            chosen = clean(deck)
            return await self._call(learner, lambda turn: cram.leaving_cram(turn, lambda t: studying.study(t, chosen)))
        return await self._call(learner, lambda turn: cram.leaving_cram(turn, asking.current))

    async def cram(self, learner: Learner, deck: str) -> Prompt | Notice:
        """Practise `deck`'s missed cards in a loop without changing the schedule ("stop" ends it)."""
        deck = clean(deck)
        return await self._call(learner, lambda turn: cram.cram(turn, deck))

    async def answer(self, learner: Learner, text: str, nonce: str | None = None) -> Feedback | GradeButtons | Notice:
        """A typed answer, a choice key ("2"), or a button press carrying the prompt's nonce."""
        text, nonce = clean(text), None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: answering.answer(turn, text, nonce))

    async def reveal(self, learner: Learner, nonce: str) -> GradeButtons | Notice:
        nonce = clean(nonce, 64)
        return await self._call(learner, lambda turn: answering.reveal(turn, nonce))

    async def grade(self, learner: Learner, nonce: str, rating: Rating) -> Feedback | Notice:
        nonce = clean(nonce, 64)
        return await self._call(learner, lambda turn: answering.grade(turn, nonce, rating))

    async def hint(self, learner: Learner) -> Notice:
        return await self._call(learner, moves.hint)

    async def skip(self, learner: Learner) -> Prompt | Notice:
        return await self._call(learner, moves.skip)

    async def override(self, learner: Learner, nonce: str | None) -> Notice:
        """Count the latest wrong answer as right; `nonce` (from a button) must name that answer."""
        nonce = None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: history.override(turn, nonce))

    async def easy(self, learner: Learner, nonce: str | None = None) -> Feedback | Notice:
        """Rate the latest right answer Easy instead of Good (`Feedback.can_mark_easy`; the button carries
        its nonce). With no nonce and a flashcard's back open, grade that card Easy."""
        return await self._call(learner, lambda turn: history.easy(turn, nonce))

    async def link(self, learner: Learner, code: str = "") -> Notice:
        """`/link`: a one-time code; `/link CODE`: join this account to the learner who asked for CODE."""
        code = clean(code, 64)
        return await self._call(learner, lambda turn: linking.link(turn, code))

    async def unlink(self, learner: Learner) -> Notice:
        """Split this account from the learner it is linked to, from now on."""
        return await self._call(learner, linking.unlink)

    async def undo(self, learner: Learner) -> Notice:
        return await self._call(learner, history.undo)

    async def stats(self, learner: Learner) -> Stats | Notice:
        return await self._call(learner, stats.stats, read_only=True)

    async def export(self, learner: Learner) -> Document | Notice:
        """The learner's review log as a CSV file in the FSRS optimizer's layout."""
        return await self._call(learner, export.export, read_only=True)

    async def change_settings(self, learner: Learner, args: str = "") -> SettingsView | Notice:
        args = clean(args)
        return await self._call(learner, lambda turn: account.change_setting(turn, args), read_only=not args.split())

    async def pause(self, learner: Learner, paused: bool = True) -> Notice:
        return await self._call(learner, lambda turn: account.set_paused(turn, paused))

    async def daily_push(self, learner: Learner) -> Notice | None:
        """Today's push for the learner, with the first card; None when fewer cards wait than their threshold."""
        return await self.db.run(lambda session: daily.daily_push(self._turn(session, learner, from_learner=False)))

    async def daily_reminder(self, learner: Learner) -> Notice | None:
        """The evening reminder after an unanswered push; None when too few cards wait any more."""
        return await self.db.run(lambda session: daily.reminder(self._turn(session, learner, from_learner=False)))

    async def put_off(self, learner: Learner, token: str, *, later: bool) -> Notice:
        """ "Later (1 h)" (`later`) or "Not today" pressed on the daily push whose buttons carry `token`."""
        token = clean(token, 64)
        return await self._call(learner, lambda turn: putoff.put_off(turn, token, later=later))

    async def waiting(self, learner: Learner) -> daily.Waiting:
        """How many cards the learner could study now (what a push would announce)."""
        return await self.db.run(lambda session: daily.waiting(self._turn(session, learner, from_learner=False)))

    async def remember_messages(self, learner: Learner, nonce: str, refs: list[str]) -> None:
        """Chat messages `refs` (opaque to the engine) show the open question `nonce`; see `answer_reply`."""
        nonce, refs = clean(nonce, 64), [clean(ref, 64) for ref in refs]
        await self._call(learner, lambda turn: presentations.remember_messages(turn, nonce, refs))

    async def answer_reply(self, learner: Learner, ref: str, text: str) -> Feedback | GradeButtons | Notice:
        """A typed answer sent as a reply to chat message `ref`: it counts only for the question `ref` shows."""
        ref, text = clean(ref, 64), clean(text)
        return await self._call(learner, lambda turn: presentations.answer_reply(turn, ref, text))

    async def remember_poll(self, learner: Learner, poll_id: str, poll: QuizPoll) -> None:
        poll_id = clean(poll_id, 64)
        await self._call(learner, lambda turn: presentations.remember_poll(turn, poll_id, poll))

    async def answer_poll(self, learner: Learner, poll_id: str, option: int) -> Feedback | GradeButtons | Notice | None:
        """The learner chose `option` (0-based) in poll `poll_id`; None when it is not their poll."""
        poll_id = clean(poll_id, 64)
        return await self._call(learner, lambda turn: presentations.answer_poll(turn, poll_id, option))

    async def set_blocked(self, learner: Learner) -> None:
        """The platform refuses to deliver to the learner (they blocked the bot): pushes skip them
        until their next message, which unblocks them."""
        await self.db.run(lambda session: repo.mark_blocked(session, learner.platform, learner.external_id))

    def is_admin(self, learner: Learner) -> bool:
        return f"{learner.platform}:{learner.external_id}" in self.settings.admins

    async def admin_stats(self) -> AdminStats:
        """Operator figures; callers check `is_admin` first (`commands.dispatch` does)."""
        return await self.db.run(lambda session: admin.admin_stats(session, self._clock()), read_only=True)
