"""A closed challenge question's message as edited, within Telegram's 4,096 characters (UTF-16 units, counted
after entity parsing), with the round's scoreboard under it when the group had no message left to post it.

The question's text is what gets cut (plain text, before escaping, so never inside an entity or a tag, and
between two characters as a reader sees them); the scoreboard never is. Should the names of who got it right
still leave no room, they give way to how many did (the scoreboard lists everyone anyway)."""

from __future__ import annotations

from dataclasses import replace

from studybot.adapters import group_text
from studybot.adapters.telegram.markup import MAX_TEXT, bold, esc, shorten, visible_units
from studybot.engine.groups.replies import ClosedQuestion, Scoreboard


def closed_text(closed: ClosedQuestion, board: Scoreboard | None = None) -> str:
    scores = "\n".join(group_text.scoreboard_lines(board, esc, bold)) if board is not None else None
    for names in (True, False):
        room = MAX_TEXT - visible_units(_text(replace(closed, text=""), scores, names=names))
        if room > 0:
            return _text(replace(closed, text=shorten(closed.text, room)), scores, names=names)
    return scores or _text(replace(closed, text=""), None, names=False)


def _text(closed: ClosedQuestion, scores: str | None, *, names: bool) -> str:
    shown = "\n".join(group_text.closed_lines(closed, esc, bold, names=names))
    return shown if scores is None else f"{shown}\n\n{scores}"
