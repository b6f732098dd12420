"""Telegram's flood limit for groups, as the fake Bot API enforces it: about 20 new messages a minute in
one group (a chat with a negative id); past it a send gets 429 with `retry_after`. Edits of the bot's own
messages and answers to callback queries are not counted (they post nothing new in the chat)."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

SENDS = frozenset({"sendMessage", "sendPhoto", "sendPoll", "sendDocument"})
GROUP_PER_MINUTE = 20
WINDOW_S = 60.0


@dataclass
class GroupFlood:
    per_minute: int = GROUP_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    refused: int = 0  # sends answered with 429
    _sent: defaultdict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def retry_after(self, method: str, chat_id: int) -> int | None:
        """None when the send may go (and it is counted); else the seconds to wait, as Telegram says them."""
        if method not in SENDS or chat_id >= 0:
            return None
        now, sent = self.clock(), self._sent[chat_id]
        while sent and sent[0] <= now - WINDOW_S:
            sent.popleft()
        if len(sent) >= self.per_minute:
            self.refused += 1
            return max(1, math.ceil(sent[0] + WINDOW_S - now))
        sent.append(now)
        return None
