"""The timer of group play: closes challenge questions whose time is up and posts each chat's question of
the day, for one platform. Several processes may run it: each close and each daily question is claimed in
the database (engine/groups), so whichever process gets there first does it, once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Protocol

from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import GroupUpdate

EVERY_SECONDS = 1.0
log = logging.getLogger(__name__)


class ChatGone(Exception):
    """The platform refuses the bot in this chat (403 on Telegram, Missing Access on Discord)."""


class GroupView(Protocol):
    """A platform's side of group play: edit closed questions, post questions and scoreboards."""

    @property
    def platform(self) -> str: ...

    async def show(self, update: GroupUpdate) -> None:
        """Show `update` in its chat (not `update.say`, which is for the caller). Raises ChatGone."""


class ChallengeTicker:
    def __init__(self, groups: GroupEngine, view: GroupView, *, grace: timedelta = timedelta(hours=2)) -> None:
        self.groups = groups
        self.view = view
        self.grace = grace
        self._lock = asyncio.Lock()  # one tick at a time in this process (a test's tick waits for the loop's)

    async def tick(self) -> None:
        async with self._lock:
            for update in await self.groups.close_due(self.view.platform):
                await show(self.groups, self.view, update)
            for update in await self.groups.claim_daily(self.view.platform, self.grace):
                await show(self.groups, self.view, update)

    async def run(self, stop: asyncio.Event, every: float = EVERY_SECONDS) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception as exc:  # a database hiccup or a platform error: the next tick tries again
                log.warning("group timer: %s: %s", type(exc).__name__, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)


async def show(groups: GroupEngine, view: GroupView, update: GroupUpdate) -> None:
    """`view.show(update)`; a chat that no longer has the bot gets no more daily questions (one log line)."""
    try:
        await view.show(update)
    except ChatGone:
        was_on = await groups.chat_gone(view.platform, update.chat_id)
        extra = "; its question of the day is off" if was_on else ""
        log.info("%s chat %s no longer has the bot%s", view.platform, update.chat_id, extra)
