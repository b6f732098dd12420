"""A server channel's messages from group play: questions, their edits when they close, scoreboards, notices.
This is the group timer's view of Discord channels. discord.py waits out rate limits itself; a post it still
could not make (429s past its retries) waits, the channel is left alone for a while, and it goes out then:
a question held in the database (untimed), a scoreboard or notice in the channel's backlog."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import discord

from studybot.adapters import group_text
from studybot.adapters.discord.buttons import QuizButton
from studybot.adapters.discord.codec import Action, ButtonId
from studybot.adapters.discord.message import LABEL_MAX, Outgoing, clip, embed, md
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import ChallengeQuestion, ClosedQuestion, GroupUpdate
from studybot.push.backlog import Backlog, NotNow, posts_of
from studybot.push.challenges import ChatGone

PLATFORM = "discord"
ANYONE = 0
QUESTION = discord.Colour.gold()
DONE = discord.Colour.dark_grey()
GONE = frozenset({50001, 10003})  # Missing Access, Unknown Channel: the bot is out of the channel
TOO_MANY = 429
PAUSE_S = 10.0  # a channel that refused a post is left alone this long (discord.py has retried it already)
log = logging.getLogger(__name__)


def bold(text: str) -> str:
    return f"**{md(text)}**"


class ChannelPosts:
    platform = PLATFORM

    def __init__(self, client: discord.Client, groups: GroupEngine, clock: Callable[[], float] = time.monotonic):
        self.client = client
        self.groups = groups
        self.clock = clock
        self.backlog = Backlog(groups.hold)
        self._paused: dict[str, float] = {}  # channel → when it may be posted to again

    def ready(self, chat_id: str) -> bool:
        until = self._paused.get(chat_id)
        if until is not None and until <= self.clock():
            del self._paused[chat_id]
        return chat_id not in self._paused

    async def show(self, update: GroupUpdate) -> None:
        await self.backlog.show(update, self.show_now)

    async def show_now(self, update: GroupUpdate) -> None:
        if not update.chat_id:
            return
        channel = self.client.get_partial_messageable(int(update.chat_id))
        try:
            for closed in update.closed:
                await self._close(channel, closed)
            if update.ask is not None:
                await self._ask(channel, update.ask)
            if update.scoreboard is not None:
                text = "\n".join(group_text.scoreboard_lines(update.scoreboard, md, bold))
                await self._post(channel, posts_of(update), embed=embed(text, colour=QUESTION))
            if update.notice is not None:
                rest = replace(posts_of(update), scoreboard=None)
                await self._post(channel, rest, content=md(update.notice.text))
        except discord.HTTPException as exc:
            if exc.code in GONE:
                raise ChatGone(str(exc)) from exc
            if isinstance(exc, discord.Forbidden):  # Missing Permissions: the challenge ends, the daily question stays
                await self.groups.end_challenge(PLATFORM, update.chat_id)
            raise  # this post is lost, the chat's settings stay

    async def _post(self, channel: discord.PartialMessageable, rest: GroupUpdate, **content: Any) -> None:
        """Post `content`; refused for now, it waits with what follows it (`rest`)."""
        try:
            await channel.send(**content)
        except (discord.RateLimited, discord.HTTPException) as exc:
            if not self._refused(str(channel.id), exc):
                raise
            raise NotNow(rest) from exc

    def _refused(self, chat_id: str, exc: discord.RateLimited | discord.HTTPException) -> bool:
        """Whether `exc` is a refusal for now (a 429); the channel is then left alone for a while."""
        if isinstance(exc, discord.HTTPException) and exc.status != TOO_MANY:
            return False
        waited = exc.retry_after if isinstance(exc, discord.RateLimited) else 0.0
        self._paused[chat_id] = self.clock() + max(PAUSE_S, waited)
        log.info("discord: channel %s refused a post (429); it waits %.0f s", chat_id, max(PAUSE_S, waited))
        return True

    async def _close(self, channel: discord.PartialMessageable, closed: ClosedQuestion) -> None:
        """Edit the closed question's message; one deleted meanwhile (Unknown Message) is left alone."""
        if closed.ref is None:
            return
        text = "\n".join(group_text.closed_lines(closed, md, bold))
        message = channel.get_partial_message(int(closed.ref.partition(":")[2]))
        try:
            await message.edit(embed=embed(text, colour=DONE), view=Outgoing().kwargs()["view"])
        except discord.HTTPException as exc:
            if exc.code in GONE:
                raise
            log.info("discord: challenge message %s not edited: %s", closed.ref, exc)

    async def _ask(self, channel: discord.PartialMessageable, question: ChallengeQuestion) -> None:
        """Post the question; refused for now, it is held (untimed) and posted once the channel takes posts."""
        text = "\n".join(group_text.question_lines(question, md, bold))
        out = Outgoing(embeds=[embed(text, colour=QUESTION)], buttons=buttons(question))
        try:
            sent = await channel.send(embeds=out.embeds, view=out.view())  # type: ignore[arg-type]
        except discord.RateLimited as exc:
            self._refused(str(channel.id), exc)
            await self.groups.hold(question.nonce)
            return
        except discord.HTTPException as exc:
            if self._refused(str(channel.id), exc):
                await self.groups.hold(question.nonce)
                return
            if exc.status < 500:  # refused (4xx), so never posted; a 5xx may have been
                await self.groups.lost(question.nonce)
            raise
        await self.groups.remember_message(question.nonce, f"{sent.channel.id}:{sent.id}")


def buttons(question: ChallengeQuestion) -> list[QuizButton]:
    return [
        QuizButton(ButtonId(Action.CHALLENGE, question.nonce, ANYONE, c.key), clip(c.label, LABEL_MAX))
        for c in question.choices
    ]
