"""Group posts a platform refused for now (a 429 past its own retries): a round's scoreboard, the word that
the question of the day is off. Each waits in its chat's line and goes out once the platform takes posts
there again (the group timer tries every second): in the order they were made, and once, since a post
leaves the line when it went out or failed for good. A line holds up its own chat only.

Questions never wait here: a question that cannot be posted is held in the database, untimed
(engine/groups/waiting.py), and is posted after its chat's line. The line is kept in this process's memory:
a process stopped with posts waiting loses them (a 429 lasts seconds, a restart rarely falls inside one)."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import replace

from studybot.engine.groups.replies import GroupUpdate

Show = Callable[[GroupUpdate], Awaitable[None]]
log = logging.getLogger(__name__)


class NotNow(Exception):
    """The platform refused a post for now; `rest` is what of the update is still to be shown."""

    def __init__(self, rest: GroupUpdate) -> None:
        super().__init__("the platform refused the post for now")
        self.rest = posts_of(rest)


def posts_of(update: GroupUpdate) -> GroupUpdate:
    """The part of `update` that may wait in a line: its new posts other than a question."""
    return replace(update, say=None, closed=(), ask=None)


class Backlog:
    def __init__(self, hold: Callable[[str], Awaitable[None]]) -> None:
        self._hold = hold  # holds a question in the database (GroupEngine.hold)
        self._lines: dict[str, deque[GroupUpdate]] = {}

    def waiting(self, chat_id: str) -> bool:
        return chat_id in self._lines

    def chats(self) -> list[str]:
        return list(self._lines)

    def forget(self, chat_id: str) -> None:
        """The chat is gone (the bot was removed): nothing of its line can be posted."""
        self._lines.pop(chat_id, None)

    async def show(self, update: GroupUpdate, show_now: Show) -> None:
        """`show_now(update)`; what it refuses for now waits. While the chat has a line, the update's edits
        are made now, its question is held, and its posts join the end of the line."""
        chat = update.chat_id
        if not self.waiting(chat):
            try:
                await show_now(update)
            except NotNow as refused:
                self._lines[chat] = deque([refused.rest])
                log.info("%s: a group post waits until the platform takes posts there again", chat)
            return
        if update.closed:
            await show_now(replace(update, ask=None, scoreboard=None, notice=None))
        if update.ask is not None:
            await self._hold(update.ask.nonce)
        if update.scoreboard is not None or update.notice is not None:
            self._lines[chat].append(posts_of(update))

    async def send(self, chat_id: str, ready: Callable[[str], bool], show_now: Show) -> None:
        """Post the chat's line while the platform is `ready` for it, first to last; a post refused again
        stays first. Any other failure drops that post and is raised."""
        line = self._lines.get(chat_id)
        try:
            while line and ready(chat_id):
                update = line.popleft()
                try:
                    await show_now(update)
                except NotNow as refused:
                    line.appendleft(refused.rest)
                    return
        finally:
            if not line:
                self._lines.pop(chat_id, None)
