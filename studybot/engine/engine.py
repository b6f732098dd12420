"""QuizEngine: the one entry point adapters call. Each call is one short transaction.

Whatever a learner sends, a call returns a reply: text is cleaned (engine/inputs.py), and a database
that is busy or unreachable becomes a Notice saying so. Calls that only read (stats, showing
settings, admin figures) take no write lock, so they are answered even while an import holds SQLite's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from random import Random
from typing import TypeVar, cast

from sqlalchemy.orm import Session

from studybot.decks.errors import printable
from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.sandbox import parse_upload
from studybot.engine import (
    account,
    admin,
    anki_export,
    answering,
    cram,
    daily,
    deckpick,
    export,
    history,
    linking,
    moves,
    own_decks,
    presentations,
    putoff,
    retention,
    sharing,
    stats,
    studying,
    timezones,
)
from studybot.engine.fits import Fitter
from studybot.engine.inputs import clean, clean_learner
from studybot.engine.replies import (
    AdminStats,
    DeckAction,
    DeckList,
    Document,
    Feedback,
    GradeButtons,
    Learner,
    Level,
    Notice,
    Prompt,
    QuizPoll,
    RetentionPreview,
    SettingsView,
    Stats,
)
from studybot.engine.turn import EngineSettings, Turn
from studybot.push.reschedule import reschedule
from studybot.push.schedule import next_push
from studybot.srs import Rating, Srs
from studybot.storage import repo
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageBusy, StorageFull, StorageUnavailable
from studybot.storage.repo import Profile

Clock = Callable[[], datetime]
DeckReply = Prompt | GradeButtons | Notice | DeckList  # what a deck command or a tap on a deck may answer
T = TypeVar("T")
BUSY = Notice("I'm busy saving other work. Please try again in a moment.", Level.ERROR)
FULL = Notice(
    "My disk is full, so this was not saved (everything saved before is safe). Please try again later.", Level.ERROR
)
UNAVAILABLE = Notice("I can't reach my database right now. Please try again in a minute.", Level.ERROR)
IN_PRIVATE = Notice("Decks of your own are private: send me the file in a private chat.", Level.ERROR)
BAD_ACCOUNT = Notice("I can't keep progress for this account: its id is too long or not text.", Level.ERROR)


def _closing(action: Callable[[Turn], T], turn: Turn) -> T:
    """`action`'s reply, naming the chat messages of the questions it ended (`Feedback.closes`)."""
    reply = action(turn)
    if turn.closed and isinstance(reply, Feedback | GradeButtons | Notice | Prompt):
        return cast(T, replace(reply, closes=tuple(turn.closed)))
    return reply


class QuizEngine:
    """Platform-neutral quiz rules over a database. Time and randomness are injected."""

    def __init__(self, db: Database, *, clock: Clock, rng: Random, settings: EngineSettings | None = None) -> None:
        self.db = db
        self._clock = clock
        self._rng = rng
        self._srs = Srs(rng)
        self.settings = settings or EngineSettings()
        self.fits = Fitter(db, clock) if self.settings.optimize else None

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def rng(self) -> Random:
        return self._rng

    def turn(self, session: Session, learner: Learner) -> Turn:
        """A learner's turn inside a transaction another part of the engine runs (group play)."""
        return self._turn(session, learner)

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
            return await self.db.run(lambda session: _closing(action, self._turn(session, cleaned)))
        except StorageBusy:
            return BUSY
        except StorageFull:
            return FULL
        except StorageUnavailable:
            return UNAVAILABLE

    async def _answering(self, learner: Learner, action: Callable[[Turn], T]) -> T | Notice:
        """`_call` for answers: one that counts as a review tells the fitter, after it is stored."""
        reviewed: list[int] = []

        def run(turn: Turn) -> T:
            reply = action(turn)
            if isinstance(reply, Feedback) and not reply.cram:
                reviewed.append(turn.user.id)
            return reply

        reply = await self._call(learner, run)
        if reviewed and self.fits is not None:
            self.fits.saw_answer(reviewed[-1])
        return reply

    def _read(self, session: Session, learner: Learner, action: Callable[[Turn], T]) -> T | None:
        found = repo.find_learner(session, learner.platform, learner.external_id)
        if found is None or found[0].blocked:  # a first contact, or one that unblocks them: both write
            return None
        user, model = found
        return action(self._make_turn(session, user, learner, self._clock()).knowing(model))

    def _turn(self, session: Session, learner: Learner, *, from_learner: bool = True) -> Turn:
        """`from_learner=False` for turns the learner did not start (a push): they do not unblock."""
        now = self._clock()
        found = repo.find_learner(session, learner.platform, learner.external_id)
        if found is not None:
            user, model = found
            turn = self._make_turn(session, user, learner, now).knowing(model)
        else:
            user = repo.get_or_create_user(
                session,
                learner.platform,
                learner.external_id,
                defaults=self._defaults(learner),
                now=now,
                next_push_at=next_push(now, self.settings.default_push_time, self.settings.default_timezone),
            )
            turn = self._make_turn(session, user, learner, now)
        if not from_learner:
            return turn
        linking.follow(turn)  # a linked learner's pushes go to the platform they used last
        if turn.user.blocked:  # they are talking to us again, so the platform delivers to them again
            turn.user = repo.update_profile(session, turn.user, blocked=False)
            reschedule(session, turn.user, now)
        return turn

    def _defaults(self, learner: Learner) -> dict[str, object]:
        """A new learner's row."""
        return {
            "display_name": learner.display_name,
            "timezone": self.settings.default_timezone,
            "push_time": self.settings.default_push_time,
            "new_per_day": self.settings.new_per_day,
        }

    def _make_turn(self, session: Session, user: Profile, learner: Learner, now: datetime) -> Turn:
        return Turn(session, user, learner, now, self._rng, self._srs, self.settings)

    async def start(self, learner: Learner, *, subscribe_all: bool = False) -> Notice | DeckList:
        """Greet the learner; a learner without decks gets every deck (`subscribe_all`) or the decks to tap."""
        return await self._call(learner, lambda turn: account.greet(turn, subscribe_all=subscribe_all))

    async def decks(self, learner: Learner) -> DeckList | Notice:
        return await self._call(learner, account.list_decks)  # writes: it marks new decks as seen

    async def subscribe(self, learner: Learner, deck: str) -> DeckReply:
        """Subscribe to `deck` ("all": every deck); no deck: the decks to choose from."""
        return await self.pick_deck(learner, DeckAction.SUBSCRIBE, deck)

    async def unsubscribe(self, learner: Learner, deck: str) -> DeckReply:
        return await self.pick_deck(learner, DeckAction.UNSUBSCRIBE, deck)

    async def next(self, learner: Learner, deck: str | None = None) -> DeckReply:
        """The open question as the learner left it (a revealed flashcard: its grades), else the next card;
        with `deck`, study that deck only for now ("all": every deck). A learner without decks gets every
        deck to choose from."""
        if deck:
            chosen = clean(deck)
            return await self._call(learner, lambda turn: cram.leaving_cram(turn, lambda t: studying.study(t, chosen)))
        return await self._call(learner, lambda turn: cram.leaving_cram(turn, deckpick.current))

    async def cram(self, learner: Learner, deck: str) -> DeckReply:
        """Practise `deck`'s missed cards in a loop without changing the schedule ("stop" ends it);
        no deck: the learner's decks to choose from."""
        return await self.pick_deck(learner, DeckAction.CRAM, deck)

    async def pick_deck(self, learner: Learner, action: DeckAction, deck: str) -> DeckReply:
        """`action` on deck `deck` (a tap on a DeckList's deck, or the command typed); no deck: "which deck?"."""
        deck = clean(deck)
        if not deck.strip():
            return await self._call(learner, lambda turn: deckpick.ask(turn, action))
        return await self._call(learner, lambda turn: deckpick.pick(turn, action, deck))

    async def answer(
        self, learner: Learner, text: str, nonce: str | None = None
    ) -> Feedback | GradeButtons | Notice | DeckList:
        """A typed answer, a choice key ("2"), or a button press carrying the prompt's nonce."""
        text, nonce = clean(text), None if nonce is None else clean(nonce, 64)
        reply = await self._answering(learner, lambda turn: answering.answer_or_greet(turn, text, nonce))
        assert reply is not None
        return reply

    async def reveal(self, learner: Learner, nonce: str) -> GradeButtons | Notice:
        nonce = clean(nonce, 64)
        return await self._call(learner, lambda turn: answering.reveal(turn, nonce))

    async def grade(self, learner: Learner, nonce: str, rating: Rating) -> Feedback | GradeButtons | Notice:
        nonce = clean(nonce, 64)
        reply = await self._answering(learner, lambda turn: answering.grade(turn, nonce, rating))
        assert reply is not None
        return reply

    async def hint(self, learner: Learner, nonce: str | None = None) -> Notice:
        """The next hint for the open question; `nonce` (from a button) must name that question."""
        nonce = None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: moves.hint(turn, nonce))

    async def skip(self, learner: Learner) -> Notice:
        """Set the open question aside until tomorrow (saying which it was) and ask another."""
        return await self._call(learner, moves.skip)

    async def override(self, learner: Learner, nonce: str | None) -> Notice:
        """Count the latest wrong answer as right; `nonce` (from a button) must name that answer."""
        nonce = None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: history.override(turn, nonce))

    async def easy(self, learner: Learner, nonce: str | None = None) -> Feedback | GradeButtons | Notice:
        """Rate the latest right answer Easy instead of Good (`Feedback.can_mark_easy`; the button carries
        its nonce). With no nonce and a flashcard's back open, grade that card Easy."""
        reply = await self._answering(learner, lambda turn: history.easy(turn, nonce))
        assert reply is not None
        return reply

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

    async def export(self, learner: Learner, deck: str | None = None) -> Document | Notice:
        """The learner's review log as a CSV file in the FSRS optimizer's layout; with `deck`, that deck
        as an Anki package (built off the event loop)."""
        if not deck:
            return await self._call(learner, export.export, read_only=True)
        name = clean(deck)
        found = await self._call(learner, lambda turn: anki_export.deck_for_export(turn, name), read_only=True)
        if isinstance(found, Notice):
            return found
        return await asyncio.to_thread(anki_export.package, found, self._clock())

    async def change_settings(self, learner: Learner, args: str = "") -> SettingsView | RetentionPreview | Notice:
        args = clean(args)
        if args.strip().lower() == "retention":  # the workload of each choice: read-only, simulated
            return await self._call(learner, retention.preview, read_only=True)
        words = args.split()
        if len(words) > 1 and words[0].lower() in {"timezone", "tz"}:  # the city list is read before the transaction
            await timezones.warm(" ".join(words[1:]))
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
        account = clean_learner(learner)
        if account is None or not refs:
            return
        try:  # most often the question was just sent: one statement, no turn (this runs after every question)
            if await self.db.run(lambda session: presentations.remember_first_messages(session, account, nonce, refs)):
                return
        except (StorageBusy, StorageFull, StorageUnavailable):
            return  # the question stays answerable by its buttons; only a reply to its message is not matched
        await self._call(learner, lambda turn: presentations.remember_messages(turn, nonce, refs))

    async def answer_reply(self, learner: Learner, ref: str, text: str) -> Feedback | GradeButtons | Notice:
        """A typed answer sent as a reply to chat message `ref`: it counts only for the question `ref` shows."""
        ref, text = clean(ref, 64), clean(text)
        reply = await self._answering(learner, lambda turn: presentations.answer_reply(turn, ref, text))
        assert reply is not None
        return reply

    async def remember_poll(self, learner: Learner, poll_id: str, poll: QuizPoll, ref: str | None = None) -> None:
        """Poll `poll_id` shows the open question `poll.nonce`; `ref`: its chat message (to close it later)."""
        poll_id, refs = clean(poll_id, 64), [] if ref is None else [clean(ref, 64)]
        await self._call(learner, lambda turn: presentations.remember_poll(turn, poll_id, poll, refs))

    async def answer_poll(self, learner: Learner, poll_id: str, option: int) -> Feedback | GradeButtons | Notice | None:
        """The learner chose `option` (0-based) in poll `poll_id`; None when it is not their poll."""
        poll_id = clean(poll_id, 64)
        return await self._answering(learner, lambda turn: presentations.answer_poll(turn, poll_id, option))

    def upload_refusal(self, filename: str, size: int | None, *, private: bool = True) -> Notice | None:
        """Why an upload is refused before it is downloaded (a group chat, or the size the platform
        announces); None when it may be downloaded, at most `settings.upload_max_bytes` bytes of it."""
        if not private:
            return IN_PRIVATE
        limit = self.settings.upload_max_bytes
        if size is not None and size > limit:
            name = printable(filename[:100])
            return Notice(
                f"{name}: {size / 2**20:,.1f} MB; a deck file may be at most {limit / 2**20:,.0f} MB.", Level.ERROR
            )
        return None

    async def upload(self, learner: Learner, filename: str, data: bytes, *, private: bool = True) -> Notice:
        """A learner's deck file (YAML, CSV/TSV, Anki package): parsed in a worker process with a time
        limit, then imported as their own deck (a file of the same name updates it in place)."""
        if (refusal := self.upload_refusal(filename, len(data), private=private)) is not None:
            return refusal
        limits = Limits(self.settings.upload_max_bytes, self.settings.upload_max_cards)
        try:
            parsed = await parse_upload(filename, data, limits, seconds=self.settings.upload_seconds)
        except UploadProblem as problem:
            return Notice(printable(str(problem)), Level.ERROR)
        return await self._call(learner, lambda turn: own_decks.import_upload(turn, parsed, printable(filename)))

    async def add_card(self, learner: Learner, text: str) -> Notice:
        """`/add FRONT | BACK` (or a cloze) into the learner's "My cards" deck."""
        text = clean(text)
        return await self._call(learner, lambda turn: own_decks.add_card(turn, text))

    async def share(self, learner: Learner, args: str) -> Notice:
        """`/share DECK` (a code and a deep link for others) or `/share DECK off`."""
        args = clean(args)
        return await self._call(learner, lambda turn: sharing.share(turn, args))

    async def delete_deck(self, learner: Learner, args: str) -> Notice:
        """`/deletedeck DECK` asks; `/deletedeck DECK confirm` (the confirmation button) deletes."""
        args = clean(args)
        return await self._call(learner, lambda turn: sharing.delete_deck(turn, args))

    async def set_blocked(self, learner: Learner) -> None:
        """The platform refuses to deliver to the learner (they blocked the bot): pushes skip them
        until their next message, which unblocks them."""
        await self.db.run(lambda session: repo.mark_blocked(session, learner.platform, learner.external_id))

    async def close(self) -> None:
        """Let a fit under way finish (it is short) and stop the fitting workers."""
        if self.fits is not None:
            await self.fits.close()

    def is_admin(self, learner: Learner) -> bool:
        return f"{learner.platform}:{learner.external_id}" in self.settings.admins

    async def admin_stats(self) -> AdminStats:
        """Operator figures; callers check `is_admin` first (`commands.dispatch` does)."""
        return await self.db.run(lambda session: admin.admin_stats(session, self._clock()), read_only=True)
