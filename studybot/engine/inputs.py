"""What the engine accepts from a learner: text that every database can store, of a bounded length.

PostgreSQL refuses NUL in text (DataError), and no driver can encode a lone surrogate (which a terminal
that cannot decode its input may hand over). Over-long ids would not fit their columns.
"""

from __future__ import annotations

import re

from studybot.engine.replies import Learner

MAX_TEXT = 4000  # longer than any answer or command; the rest of a pasted essay is dropped
MAX_PLATFORM, MAX_EXTERNAL_ID, MAX_DISPLAY_NAME = 16, 64, 128
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls; tabs and line feeds stay


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """`text` without control characters (NUL above all), lone surrogates shown as U+FFFD, cut to `limit`."""
    kept = _DROPPED.sub("", text[: limit * 2])
    return _UNSTORABLE.sub("\ufffd", kept)[:limit]


def clean_learner(learner: Learner) -> Learner | None:
    """The learner with a storable display name, or None when the platform or id cannot be stored."""
    if not 0 < len(learner.platform) <= MAX_PLATFORM or not 0 < len(learner.external_id) <= MAX_EXTERNAL_ID:
        return None
    if _UNSTORABLE.search(learner.platform) or _UNSTORABLE.search(learner.external_id):
        return None
    name = clean(learner.display_name, MAX_DISPLAY_NAME)
    return learner if name == learner.display_name else Learner(learner.platform, learner.external_id, name)
