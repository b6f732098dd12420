"""GroupEngine: what adapters call for group play. Each call is one short transaction in a storage thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from studybot.engine import timezones
from studybot.engine.engine import BUSY, FULL, UNAVAILABLE, QuizEngine
from studybot.engine.groups import challenges, closing, daily, daily_posts, leaderboard, store, waiting
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import ChallengeQuestion, GroupReply, GroupUpdate, Place
from studybot.engine.inputs import clean, clean_learner
from studybot.engine.replies import Learner, Level, Notice
from studybot.storage import repo
from studybot.storage.dberrors import StorageBusy, StorageFull, StorageUnavailable

DEFAULT_CHALLENGE_SECONDS = 20
T = TypeVar("T")
log = logging.getLogger(__name__)


class GroupEngine:
    """Challenges, the question of the day and the leaderboard, over the quiz engine's database."""

    def __init__(self, engine: QuizEngine, *, challenge_seconds: int = DEFAULT_CHALLENGE_SECONDS) -> None:
        self.engine = engine
        self.challenge_seconds = challenge_seconds

    async def challenge(self, place: Place, member: Learner, args: str) -> GroupUpdate:
        """`/challenge [DECK] [N]` or `/challenge stop`."""
        args = clean(args)
        if args.strip().lower() == challenges.STOP:
            return await self._as_member(place, member, lambda play: challenges.stop(play, place))
        return await self._as_member(
            place, member, lambda play: challenges.start(play, place, args, self.challenge_seconds)
        )

    async def answer(self, place: Place, member: Learner, nonce: str, key: str) -> GroupUpdate:
        """A member pressed choice `key` of the challenge question `nonce`."""
        nonce, key = clean(nonce, 64), clean(key, 8)
        return await self._as_member(place, member, lambda play: challenges.answer(play, place, nonce, key))

    async def daily(self, place: Place, member: Learner, args: str) -> GroupUpdate:
        """`/daily HH:MM [TIMEZONE] [DECK]`, `/daily off`, or `/daily` to see it (`place.by_admin` to change it)."""
        args = clean(args)
        for phrase in daily.zone_phrases(args):  # the city list is read outside the transaction, once
            await timezones.warm(phrase)
        return await self._as_member(place, member, lambda play: daily.configure(play, place, args))

    async def leaderboard(self, place: Place, member: Learner, args: str) -> GroupReply:
        args = clean(args)
        return await self._as_member(place, member, lambda play: leaderboard.leaderboard(play, place, args))

    async def remember_message(self, nonce: str, ref: str) -> None:
        """The posted message `ref` (opaque) shows challenge question `nonce`: closing it edits that message."""
        nonce, ref = clean(nonce, 64), clean(ref, 64)
        await self.engine.db.run(lambda session: challenges.remember_message(session, nonce, ref))

    async def member_left(self, platform: str, chat_id: str, member: Learner) -> None:
        """A member left the chat: their row leaves its leaderboard, and those of the places inside it (see
        Place), until they play there again."""

        def work(session: Session) -> None:
            user = repo.find_user(session, platform, member.external_id)
            if user is None:
                return
            for chat in store.chats_within(session, platform, chat_id):
                store.member_left(session, chat, user.id)

        await self.engine.db.run(work)

    async def close_due(self, platform: str) -> list[GroupUpdate]:
        """Close the questions of `platform`'s chats whose time is up (each exactly once, whichever process
        gets there first), with what follows each: the next question or the scoreboard."""

        due = await self.engine.db.run(lambda session: store.due_questions(session, platform, self.engine.clock()))
        closed = [await self._close(platform, question) for question in due]
        return [update for update in closed if update is not None and update.closed]

    async def _close(self, platform: str, question: int) -> GroupUpdate | None:
        """One question closed in a transaction of its own: a question that cannot be closed (logged, then
        closed with its challenge ended) costs the other chats nothing."""
        try:
            return await self.engine.db.run(lambda session: closing.close(self._play(session, platform), question))
        except Exception as exc:
            log.warning("challenge question %s could not be closed: %s: %s", question, type(exc).__name__, exc)
        try:
            await self.engine.db.run(lambda session: closing.abandon(session, question, self.engine.clock()))
        except Exception as exc:
            log.warning("challenge question %s could not be abandoned: %s: %s", question, type(exc).__name__, exc)
        return None

    async def claim_daily(self, platform: str, grace: timedelta = timedelta(hours=2)) -> list[GroupUpdate]:
        """Open today's question in each of `platform`'s chats where it is due; the questions to post."""
        return await self.engine.db.run(
            lambda session: daily_posts.claim_due(self._play(session, platform), platform, grace)
        )

    async def hold(self, nonce: str) -> None:
        """Challenge question `nonce` could not be posted yet (the chat is over its budget): it waits, untimed."""
        await self.engine.db.run(lambda session: waiting.hold(session, clean(nonce, 64)))

    async def lost(self, nonce: str) -> None:
        """Challenge question `nonce` was refused by the platform (never posted): it is not counted as asked."""
        await self.engine.db.run(lambda session: waiting.lose(session, clean(nonce, 64)))

    async def reopen_held(self, platform: str, ready: Callable[[str], bool]) -> list[GroupUpdate]:
        """The held questions of the chats that are `ready` to take a message, to post now (their time starts)."""
        waiting_now = await self.engine.db.run(lambda session: waiting.held(session, platform))
        out = []
        for chat_id, nonce in waiting_now:
            question = await self._reopen(platform, nonce) if ready(chat_id) else None
            if question is not None:
                out.append(GroupUpdate(ask=question, chat_id=chat_id))
        return out

    async def _reopen(self, platform: str, nonce: str) -> ChallengeQuestion | None:
        return await self.engine.db.run(lambda session: waiting.reopen(self._play(session, platform), nonce))

    async def chat_gone(self, platform: str, chat_id: str) -> bool:
        """The bot cannot post in the chat any more: the daily question is turned off and a running challenge
        ends. True when a daily question was on."""
        now = self.engine.clock()
        return await self.engine.db.run(lambda session: daily.turn_off(session, platform, chat_id, now))

    async def chat_moved(self, platform: str, old: str, new: str) -> None:
        """The chat `old` goes by `new` from now on (a Telegram group upgraded to a supergroup)."""
        old, new = clean(old, 64), clean(new, 64)
        if await self.engine.db.run(lambda session: store.move_chat(session, platform, old, new)):
            log.info("%s chat %s is now %s", platform, old, new)

    async def end_challenge(self, platform: str, chat_id: str) -> None:
        """The challenge running in the chat ends without a scoreboard (its questions cannot be posted)."""
        now = self.engine.clock()

        def work(session: Session) -> None:
            chat = store.find_chat(session, platform, chat_id)
            if chat is not None:
                store.end_running(session, chat.id, now)

        await self.engine.db.run(work)

    def _play(self, session: Session, platform: str, member: Learner | None = None) -> Play:
        user = None
        if member is not None:
            user = self.engine.turn(session, member).user
            if member.display_name and member.display_name != user.display_name:  # names change; boards show today's
                user = repo.update_profile(session, user, display_name=member.display_name[:128])
        return Play(session, self.engine.clock(), self.engine.rng, platform, user)

    async def _as_member(self, place: Place, member: Learner, action: Callable[[Play], T]) -> T | GroupUpdate:
        cleaned = clean_learner(member)
        if cleaned is None:
            return GroupUpdate(say=Notice("I can't keep scores for this account.", Level.ERROR), chat_id=place.chat_id)
        try:
            return await self.engine.db.run(lambda session: action(self._play(session, place.platform, cleaned)))
        except StorageBusy:
            return GroupUpdate(say=BUSY, chat_id=place.chat_id)
        except StorageFull:
            return GroupUpdate(say=FULL, chat_id=place.chat_id)
        except StorageUnavailable:
            return GroupUpdate(say=UNAVAILABLE, chat_id=place.chat_id)
