"""Button ids (`callback_data`, 1–64 bytes): the action, the question's nonce, whose question it is, and
the action's argument, as `action:nonce:owner:arg`.

Nothing here is trusted: a press is only a claim. The engine grades nothing unless the nonce names the
presser's open question, and the owner lets a press by another group member be turned away politely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum, unique

MAX_BYTES = 64
ANYONE = 0  # buttons anybody may press for themselves (the deck list)
_NONCE = re.compile(r"^[A-Za-z0-9]{0,16}$")
_OWNER = re.compile(r"^\d{1,20}$")
_DECK_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")  # a learner's own deck: u<id>.<name>


@unique  # a letter used twice would silently make two buttons one
class Action(StrEnum):
    CHOICE = "c"  # arg: the choice key
    REVEAL = "r"  # a flashcard's "Show answer"
    GRADE = "g"  # arg: the self-grade 1-4
    OVERRIDE = "o"  # "I was right"; the nonce is the graded presentation's
    EASY = "e"  # "Too easy": rate the latest right answer Easy instead of Good
    SUBSCRIBE = "s"  # arg: the deck id ("all": every deck)
    UNSUBSCRIBE = "u"  # arg: the deck id (a ✓ deck in the deck list, or a "which deck?" question)
    CRAM = "k"  # arg: the deck id
    STUDY = "q"  # arg: the deck id ("all"): subscribe if need be and ask its first card ("Study it" too)
    SETTING = "t"  # arg: NAME=VALUE, a /settings change (a desired retention too: "retention=0.85")
    LATER = "l"  # the daily push's "Later (1 h)"; the nonce is the push's token (push/later.py)
    NOT_TODAY = "n"  # the daily push's "Not today"; the nonce is the push's token
    DELETE = "d"  # "Delete it" under /deletedeck's question; arg: the deck id
    NEXT = "a"  # ask the next card now (as /quiz), e.g. a learning step minutes away
    CHALLENGE = "x"  # a group challenge's choice (anyone may press it); arg: the choice key


DECK_ACTIONS = frozenset({Action.SUBSCRIBE, Action.UNSUBSCRIBE, Action.CRAM, Action.STUDY})
TAPS = DECK_ACTIONS | {Action.SETTING}  # deck and settings buttons: their message is edited in place
NO_QUESTION = TAPS | {Action.DELETE, Action.NEXT}  # presses about no open question: their nonce is empty


_ARG = {
    Action.CHOICE: re.compile(r"^\d{1,2}$"),
    Action.REVEAL: re.compile(r"^$"),
    Action.GRADE: re.compile(r"^[1-4]$"),
    Action.OVERRIDE: re.compile(r"^$"),
    Action.EASY: re.compile(r"^$"),
    Action.LATER: re.compile(r"^$"),
    Action.NOT_TODAY: re.compile(r"^$"),
    Action.SUBSCRIBE: _DECK_ID,
    Action.UNSUBSCRIBE: _DECK_ID,
    Action.CRAM: _DECK_ID,
    Action.STUDY: _DECK_ID,
    Action.DELETE: _DECK_ID,
    Action.SETTING: re.compile(r"^[a-z]{1,12}=[A-Za-z0-9_/+:.-]{1,40}$"),
    Action.NEXT: re.compile(r"^$"),
    Action.CHALLENGE: re.compile(r"^\d{1,2}$"),
}


@dataclass(frozen=True)
class Press:
    action: Action
    nonce: str
    owner: int  # the Telegram user whose question this is, or ANYONE
    arg: str = ""


class TooLong(ValueError):
    """The press does not fit Telegram's 64 bytes (only a very long deck id can do that)."""


def encode(press: Press) -> str:
    data = f"{press.action}:{press.nonce}:{press.owner}:{press.arg}"
    if len(data.encode()) > MAX_BYTES:
        raise TooLong(data)
    return data


def decode(data: str | None) -> Press | None:
    """The press `data` describes, or None when it is not a button of ours."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":", 3)  # the argument may hold colons (a push time)
    if len(parts) != 4:
        return None
    action_code, nonce, owner, arg = parts
    try:
        action = Action(action_code)
    except ValueError:
        return None
    if not _NONCE.match(nonce) or not _OWNER.match(owner) or not _ARG[action].match(arg):
        return None
    if (action in NO_QUESTION) != (nonce == ""):
        return None
    return Press(action, nonce, int(owner), arg)
