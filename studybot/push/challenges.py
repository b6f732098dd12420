"""The timer of group play: closes challenge questions whose time is up and posts each chat's question of
the day, for one platform. Several processes may run it: each close and each daily question is claimed in
the database (engine/groups), so whichever process gets there first does it, once. While the database
cannot be written (down, or locked by another process) the log says so once, and once when it is back.
Posts a platform refused for now wait in the view's backlog (backlog.py); each tick posts them first."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import Protocol

from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import GroupUpdate
from studybot.health import Health
from studybot.push.backlog import Backlog
from studybot.storage.dberrors import StorageBusy, StorageUnavailable

EVERY_SECONDS = 1.0
log = logging.getLogger(__name__)


class ChatGone(Exception):
    """The platform refuses the bot in this chat (403 on Telegram, Missing Access on Discord)."""


class GroupView(Protocol):
    """A platform's side of group play: edit closed questions, post questions, scoreboards and notices."""

    @property
    def platform(self) -> str: ...

    @property
    def backlog(self) -> Backlog:
        """The chats' posts the platform refused for now, to post when it takes them."""

    async def show(self, update: GroupUpdate) -> None:
        """Show `update` in its chat (not `update.say`, which is for the caller), behind the chat's backlog.
        Raises ChatGone."""

    async def show_now(self, update: GroupUpdate) -> None:
        """Show `update` now. Raises NotNow with what the platform refused for now, and ChatGone."""

    def ready(self, chat_id: str) -> bool:
        """Whether the platform takes a new message in the chat now (a held question, a waiting post)."""


class ChallengeTicker:
    def __init__(self, groups: GroupEngine, view: GroupView, *, grace: timedelta = timedelta(hours=2)) -> None:
        self.groups = groups
        self.view = view
        self.grace = grace
        self._lock = asyncio.Lock()  # one tick at a time in this process (a test's tick waits for the loop's)
        self._database = Health(f"the database ({view.platform} group timer)", down_after=0)
        self._storage_failed: str | None = None  # in this tick

    async def tick(self) -> None:
        async with self._lock:
            platform, self._storage_failed = self.view.platform, None
            for chat_id in self.view.backlog.chats():  # what waits goes first, in order
                await _guarded(self.groups, self.view, chat_id, self._send_waiting(chat_id))
            for update in await self._updates("closing", self.groups.close_due(platform)):
                await show(self.groups, self.view, update)
            for update in await self._updates("daily questions", self.groups.claim_daily(platform, self.grace)):
                await show(self.groups, self.view, update)
            for update in await self._updates("held questions", self.groups.reopen_held(platform, self._ready)):
                await show(self.groups, self.view, update)
            if self._storage_failed is None:
                self._database.ok()
            else:
                self._database.failed(self._storage_failed)

    def _ready(self, chat_id: str) -> bool:
        """A held question goes out once the platform takes it and the chat's waiting posts are out."""
        return self.view.ready(chat_id) and not self.view.backlog.waiting(chat_id)

    async def _send_waiting(self, chat_id: str) -> None:
        await self.view.backlog.send(chat_id, self.view.ready, self.view.show_now)

    async def _updates(self, what: str, work: Awaitable[list[GroupUpdate]]) -> list[GroupUpdate]:
        """`work`'s updates; none when it fails (a database hiccup), so closing cannot hold up daily questions."""
        try:
            return await work
        except (StorageBusy, StorageUnavailable) as exc:  # told once for the whole outage, by `tick`
            self._storage_failed = f"{what}: {type(exc).__name__}: {exc}"
        except Exception as exc:  # the next tick tries again
            log.warning("group timer: %s: %s: %s", what, type(exc).__name__, exc)
        return []

    async def run(self, stop: asyncio.Event, every: float = EVERY_SECONDS) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception as exc:  # a database hiccup or a platform error: the next tick tries again
                log.warning("group timer: %s: %s", type(exc).__name__, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)


async def show(groups: GroupEngine, view: GroupView, update: GroupUpdate) -> None:
    """`view.show(update)`; a chat that no longer has the bot gets no more daily questions (one log line).
    Any other failure (a 429, a timeout, a 5xx, a muted bot) costs this chat this update only: it is logged
    and the other chats' updates, already claimed in the database, still go out. What the platform refuses
    for now (a 429) waits in the chat's backlog."""
    await _guarded(groups, view, update.chat_id, view.show(update))


async def _guarded(groups: GroupEngine, view: GroupView, chat_id: str, showing: Awaitable[None]) -> None:
    try:
        await showing
    except ChatGone:
        view.backlog.forget(chat_id)
        await _gone(groups, view.platform, chat_id)
    except Exception as exc:  # one chat's failure must not lose the others' updates
        log.warning("%s chat %s: not shown: %s: %s", view.platform, chat_id, type(exc).__name__, exc)


async def _gone(groups: GroupEngine, platform: str, chat_id: str) -> None:
    try:
        was_on = await groups.chat_gone(platform, chat_id)
    except Exception as exc:  # a database hiccup: the next update for this chat tries again
        log.warning("%s chat %s no longer has the bot; not recorded: %s", platform, chat_id, exc)
        return
    extra = "; its question of the day is off" if was_on else ""
    log.info("%s chat %s no longer has the bot%s", platform, chat_id, extra)
