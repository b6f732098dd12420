"""What the learner is told when they press "Later (1 h)" or "Not today" on a daily push.

The transitions themselves (exactly once, across processes) are in `studybot/push/later.py`.
"""

from __future__ import annotations

from studybot.engine.replies import Level, Notice
from studybot.engine.turn import Turn
from studybot.push.later import Outcome, press
from studybot.push.reschedule import scheduled_push
from studybot.timeplan import local_clock


def put_off(turn: Turn, token: str, *, later: bool) -> Notice:
    user = turn.user
    result = press(turn.session, user.id, user.timezone, token, turn.now, later=later)
    when = "" if result.at is None else local_clock(result.at, user.timezone, turn.now).removeprefix("today ")
    match result.outcome:
        case Outcome.LATER:
            return Notice(f"OK, I'll ask again at {when}.")
        case Outcome.CLOSED:
            return Notice("OK, no more quiz today. See you tomorrow! (/quiz any time)")
        case Outcome.ALREADY_LATER:
            return Notice(f"Already put off: I'll ask again at {when}.", Level.ERROR)
        case Outcome.ALREADY_CLOSED:
            return Notice("Today's quiz is already over. /quiz any time.", Level.ERROR)
        case Outcome.TOO_LATE:
            upcoming = scheduled_push(turn.session, user.id)
            then = "" if upcoming is None else f": the next one comes {local_clock(upcoming, user.timezone, turn.now)}"
            return Notice(f"Too late for another push today{then}. /quiz any time.", Level.ERROR)
    return Notice("That push is over, or a newer one came since: nothing changed. /quiz any time.", Level.ERROR)
