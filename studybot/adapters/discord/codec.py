"""The custom_id codec: what a button or modal carries so that a click works after a restart.

`sb:ACTION:NONCE:ARG:OWNER` — the prompt's nonce, the action's argument (a choice key or a rating) and the
Discord id of the learner who was asked, well under Discord's 100-character limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum, unique

MAX_CUSTOM_ID = 100


@unique  # a letter used twice would silently make two buttons one
class Action(StrEnum):
    CHOOSE = "c"  # a choice of an mcq or true/false question; ARG is the choice key
    REVEAL = "r"  # a flashcard's "Show answer"
    GRADE = "g"  # a flashcard self-grade; ARG is the rating (1-4)
    TYPE = "t"  # "Answer": opens the modal for a typed answer
    OVERRIDE = "o"  # "I was right" after a wrong automatic grade
    EASY = "e"  # "Too easy" after a right answer given without a hint: rated Easy instead of Good
    LATER = "l"  # the daily push's "Later (1 h)"; NONCE is the push's token (push/later.py)
    NOT_TODAY = "n"  # the daily push's "Not today"; NONCE is the push's token
    RETENTION = "d"  # a desired retention from `/settings retention`; ARG is it in hundredths ("85")
    CHALLENGE = "h"  # a channel challenge's choice, anyone's to press (OWNER 0); ARG is the choice key
    HINT = "i"  # "💡 Hint": the next hint, shown in the question's own message
    NEXT = "a"  # "Study ahead now": the next card now, as /quiz (its nonce is AHEAD: it answers nothing)
    # Free letters are for later buttons: add one here, and route it in handlers.act.


CORRECTIONS = frozenset({Action.OVERRIDE, Action.EASY})  # buttons that change the latest grade, not a question
AHEAD = "ahead"
PUT_OFF = frozenset({Action.LATER, Action.NOT_TODAY})  # the daily push's buttons, not a question's


BUTTON_TEMPLATE = r"sb:(?P<action>[a-z]):(?P<nonce>[A-Za-z0-9]{1,32}):(?P<arg>[A-Za-z0-9]{0,8}):(?P<owner>[0-9]{1,20})"
MODAL_TEMPLATE = r"sbm:(?P<nonce>[A-Za-z0-9]{1,32}):(?P<owner>[0-9]{1,20})"
_BUTTON = re.compile(BUTTON_TEMPLATE)
_ACTIONS = {action.value: action for action in Action}


@dataclass(frozen=True)
class ButtonId:
    action: Action
    nonce: str
    owner: int  # the Discord user id of the quizzed learner
    arg: str = ""

    def encode(self) -> str:
        return f"sb:{self.action.value}:{self.nonce}:{self.arg}:{self.owner}"

    @classmethod
    def from_match(cls, match: re.Match[str]) -> ButtonId | None:
        action = _ACTIONS.get(match["action"])
        if action is None:
            return None
        return cls(action, match["nonce"], int(match["owner"]), match["arg"])

    @classmethod
    def parse(cls, custom_id: str | None) -> ButtonId | None:
        match = _BUTTON.fullmatch(custom_id or "")
        return cls.from_match(match) if match else None


def modal_id(nonce: str, owner: int) -> str:
    return f"sbm:{nonce}:{owner}"
