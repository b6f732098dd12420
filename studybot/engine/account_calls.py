"""The other half of QuizEngine: a learner's account and settings, linked accounts, progress and exports,
their own decks, daily pushes, and the operator's figures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.orm import Session

from studybot.decks.errors import printable
from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.sandbox import parse_upload
from studybot.engine import (
    account,
    admin,
    anki_export,
    daily,
    export,
    linking,
    own_decks,
    putoff,
    retention,
    sharing,
    stats,
    timezones,
)
from studybot.engine.calls import EngineCalls
from studybot.engine.inputs import clean
from studybot.engine.replies import AdminStats, Document, Learner, Level, Notice, RetentionPreview, SettingsView, Stats
from studybot.storage import repo

IN_PRIVATE = Notice("Decks of your own are private: send me the file in a private chat.", Level.ERROR)
MAX_RECEIVING = 8  # files on their way in at once, across accounts: what they may hold in memory (8 × the size limit)
MANY_AT_ONCE = Notice("Many people are sending me files just now. Send yours again in a minute.", Level.ERROR)
ONE_AT_A_TIME = Notice(
    "One file at a time: I am still reading the one you sent before. Send this one again once I have answered.",
    Level.ERROR,
)


class AccountCalls(EngineCalls):
    """Everything else a learner, the push planner or an operator asks of the engine."""

    async def link(self, learner: Learner, code: str = "") -> Notice:
        """`/link`: a one-time code; `/link CODE`: join this account to the learner who asked for CODE."""
        code = clean(code, 64)
        return await self._call(learner, lambda turn: linking.link(turn, code))

    async def spend_link_code(self, code: str) -> None:
        """A link code sent where others could read it (a group chat) stops working, before anyone else uses it
        to join their account into the code giver's learner."""
        code, now = clean(code, 64), self._clock()
        await self.db.run(lambda session: linking.spend(session, code, now))

    async def unlink(self, learner: Learner) -> Notice:
        """Split this account from the learner it is linked to, from now on."""
        return await self._call(learner, linking.unlink)

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
        return await self.db.run(lambda session: self.daily_push_in(session, learner))

    async def daily_reminder(self, learner: Learner) -> Notice | None:
        """The evening reminder after an unanswered push; None when too few cards wait any more."""
        return await self.db.run(lambda session: self.daily_reminder_in(session, learner))

    def daily_push_in(self, session: Session, learner: Learner) -> Notice | None:
        """`daily_push` in the caller's transaction: the push planner begins a push and builds it in one, so
        a database that fails meanwhile undoes the beginning too."""
        return daily.daily_push(self._turn(session, learner, from_learner=False))

    def daily_reminder_in(self, session: Session, learner: Learner) -> Notice | None:
        """`daily_reminder` in the caller's transaction (the one that claims the reminder)."""
        return daily.reminder(self._turn(session, learner, from_learner=False))

    async def put_off(self, learner: Learner, token: str, *, later: bool) -> Notice:
        """ "Later (1 h)" (`later`) or "Not today" pressed on the daily push whose buttons carry `token`."""
        token = clean(token, 64)
        return await self._call(learner, lambda turn: putoff.put_off(turn, token, later=later))

    async def waiting(self, learner: Learner) -> daily.Waiting:
        """How many cards the learner could study now (what a push would announce)."""
        return await self.db.run(lambda session: daily.waiting(self._turn(session, learner, from_learner=False)))

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

    @asynccontextmanager
    async def receiving(self, learner: Learner) -> AsyncIterator[Notice | None]:
        """Held by an adapter from before it downloads a learner's file until `upload` has answered: None
        when the file may come in, else why not. One file per account at a time, so a learner who sends
        a hundred cannot have them all held in memory, waiting for the parser; MAX_RECEIVING in all."""
        account = (learner.platform, learner.external_id)
        if account in self._receiving or len(self._receiving) >= MAX_RECEIVING:
            yield ONE_AT_A_TIME if account in self._receiving else MANY_AT_ONCE
            return
        self._receiving.add(account)
        try:
            yield None
        finally:
            self._receiving.discard(account)

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

    async def admin_stats(self) -> AdminStats:
        """Operator figures; callers check `is_admin` first (`commands.dispatch` does)."""
        return await self.db.run(lambda session: admin.admin_stats(session, self._clock()), read_only=True)
