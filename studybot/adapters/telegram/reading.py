"""Reading updates, each once.

An update python-telegram-bot cannot read (a poll answer without `option_persistent_ids`, as a Bot API
server older than 9.6 sends) would make `Bot.get_updates` raise for the whole batch; its Updater then logs
the batch and asks for the same offset again at once, for ever. Here each update is read alone, and one
that cannot be read is logged once (its id and kind, never its content) and passed on as a bare
`Update(update_id)`: the Updater confirms it like any other, no handler matches it, and the next update is
served. Reading an update twice (once to try it, once for the library) cost about 0.2 ms of CPU per update.

An update read late (a button pressed while the bot was down or restarting, handled when it is back) is
still handled in full: Telegram refuses to answer its callback query by then ("query is too old"), and that
refusal, which only costs the toast, does not stop the verdict and the next question.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Bot, Update
from telegram.error import BadRequest
from telegram.request import BaseRequest

from studybot.adapters.telegram.topics import TopicBot

log = logging.getLogger(__name__)
_TOO_LATE = ("query is too old", "query id is invalid")  # Telegram's words for a callback query answered late


def read_update(data: Any, bot: Bot | None) -> Update | None:
    """`data` as an Update; None (logged once) when python-telegram-bot cannot read it."""
    try:
        return Update.de_json(data, bot)
    except Exception as exc:  # whatever the library raises, this one update is skipped
        update_id = data.get("update_id") if isinstance(data, dict) else None
        kinds = sorted(set(data) - {"update_id"}) if isinstance(data, dict) else [type(data).__name__]
        log.error(
            "telegram: skipped update %s (%s) that could not be read: %s: %.200s",
            update_id,
            ", ".join(kinds) or "empty",
            type(exc).__name__,
            exc,
        )
        return None


class ReadingBot(TopicBot):
    """The bot the Updater polls with: `get_updates` reads each update once, and one it cannot read is
    passed on as its bare id (and, as a TopicBot, it answers in the forum topic it was spoken to in)."""

    def __init__(self, token: str, *, get_updates_request: BaseRequest, **kwargs: Any) -> None:
        super().__init__(token, get_updates_request=get_updates_request, **kwargs)
        self._poll_read_timeout = get_updates_request.read_timeout

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super()._post(endpoint, data, *args, **kwargs)
        except BadRequest as exc:
            if endpoint != "answerCallbackQuery" or not any(words in exc.message.lower() for words in _TOO_LATE):
                raise
            log.info("telegram: a button press was answered too late for its toast: %s", exc.message)
            return True

    async def get_updates(  # python-telegram-bot's signature
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: float | timedelta | None = None,  # noqa: ASYNC109 - the Bot API's long-poll wait
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
        api_kwargs: dict[str, Any] | None = None,
    ) -> tuple[Update, ...]:
        waits = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout or 0
        read = self._poll_read_timeout if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        asked = {"offset": offset, "limit": limit, "timeout": timeout, "allowed_updates": allowed_updates}
        # `_post` is what `Bot.get_updates` itself calls (`do_api_request` refuses a method the library has)
        raw = await self._post(
            "getUpdates",
            asked,
            api_kwargs=api_kwargs,
            read_timeout=(read or 0) + waits,  # a long poll is answered after up to `timeout` seconds
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        updates = []
        for data in raw if isinstance(raw, list) else []:
            update = read_update(data, self)
            if update is None:
                update_id = data.get("update_id") if isinstance(data, dict) else None
                if not isinstance(update_id, int):
                    continue  # no id to confirm: nothing the Updater could do with it either
                update = Update(update_id)
            self.insert_callback_data(update)
            updates.append(update)
        return tuple(updates)
