"""Challenge messages within Telegram's 4,096 characters (UTF-16 units, counted after entity parsing).

A question's message gives way in its title (the deck's, and who started the round), never in its question:
a true/false statement cut short could say the opposite. A card's text (at most 2,000 characters) always fits
then. A closed question's message does the same; with the round's scoreboard under it (the group had no
message left to post it), the question's text is what gets cut (plain text, before escaping, so never inside
an entity or a tag, and between two characters as a reader sees them); the scoreboard never is. Should the
names of who got it right still leave no room, they give way to how many did (the scoreboard lists everyone
anyway)."""

from __future__ import annotations

from dataclasses import replace

from studybot.adapters import group_text
from studybot.adapters.telegram.markup import MAX_TEXT, bold, esc, shorten, units, visible_units
from studybot.engine.groups.replies import ChallengeQuestion, ClosedQuestion, Scoreboard

TITLE_KEPT = 24  # UTF-16 units of a title shortened to make room: "Challenge by Alice · Phy…"


def question_text(question: ChallengeQuestion) -> str:
    text = "\n".join(group_text.question_lines(question, esc, bold))
    over = visible_units(text) - MAX_TEXT
    if over <= 0:
        return text
    shorter = replace(question, title=_shorter(question.title, over))
    return "\n".join(group_text.question_lines(shorter, esc, bold))


def closed_text(closed: ClosedQuestion, board: Scoreboard | None = None) -> str:
    if board is None:
        return _closed_alone(closed)
    scores = "\n".join(group_text.scoreboard_lines(board, esc, bold))
    for names in (True, False):
        room = MAX_TEXT - visible_units(_text(replace(closed, text=""), scores, names=names))
        if room > 0:
            return _text(replace(closed, text=shorten(closed.text, room)), scores, names=names)
    return scores


def _closed_alone(closed: ClosedQuestion) -> str:
    """The title gives way first, then the names; the question's text only past both (no deck's card)."""
    over = visible_units(_text(closed, None, names=True)) - MAX_TEXT
    if over > 0:
        closed = replace(closed, title=_shorter(closed.title, over))
    for names in (True, False):
        text = _text(closed, None, names=names)
        if visible_units(text) <= MAX_TEXT:
            return text
    room = MAX_TEXT - visible_units(_text(replace(closed, text=""), None, names=False))
    return _text(replace(closed, text=shorten(closed.text, room)), None, names=False)


def _shorter(title: str, over: int) -> str:
    """`title` shortened by `over` UTF-16 units, but not below TITLE_KEPT."""
    return shorten(title, max(units(title) - over, TITLE_KEPT))


def _text(closed: ClosedQuestion, scores: str | None, *, names: bool) -> str:
    shown = "\n".join(group_text.closed_lines(closed, esc, bold, names=names))
    return shown if scores is None else f"{shown}\n\n{scores}"
