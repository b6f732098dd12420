"""The daily push as the learner sees it: how much is waiting, and the first card to answer right away."""

from __future__ import annotations

from dataclasses import dataclass

from studybot.engine.asking import PROGRESS_CAP, new_left_today, next_prompt
from studybot.engine.replies import Notice, Prompt
from studybot.engine.turn import Turn
from studybot.storage import queue, unseen


@dataclass(frozen=True)
class Waiting:
    """Cards the learner could study now: due reviews plus new cards left for today (each capped)."""

    due: int
    new: int

    @property
    def total(self) -> int:
        return self.due + self.new


def waiting(turn: Turn) -> Waiting:
    due = queue.due_count(turn.session, turn.user.id, turn.now, cap=PROGRESS_CAP + 1)
    left = min(new_left_today(turn), PROGRESS_CAP + 1)
    new = unseen.unseen_count(turn.session, turn.user.id, turn.now, cap=left) if left else 0
    return Waiting(due, new)


def daily_push(turn: Turn) -> Notice | None:
    """ "5 cards due (2 new) — here is the first one" with that card, or None below the learner's threshold."""
    cards = waiting(turn)
    if cards.total < max(turn.user.push_threshold, 1):
        return None
    if turn.user.cram_deck:  # the push does not interrupt a cram (its card would be a cram card)
        return Notice(f"{headline(cards)} — /quiz ends your cram and asks them")
    prompt = next_prompt(turn)
    if not isinstance(prompt, Prompt):
        return None
    return Notice(f"{headline(cards)} — here is the first one", next=prompt)


def headline(cards: Waiting) -> str:
    """ "5 cards due (2 new)"; each count read up to PROGRESS_CAP + 1, so past PROGRESS_CAP it says "99+"."""
    noun = "card" if cards.total == 1 else "cards"
    new = f" ({_capped(cards.new)} new)" if cards.new else ""
    return f"{_capped(cards.total)} {noun} due{new}"


def _capped(count: int) -> str:
    return f"{PROGRESS_CAP}+" if count > PROGRESS_CAP else str(count)


def reminder(turn: Turn) -> Notice | None:
    """The evening nudge after an unanswered push, or None when too few cards wait any more."""
    cards = waiting(turn)
    if cards.total < max(turn.user.push_threshold, 1):
        return None
    return Notice(f"Still {headline(cards)} today. Send /quiz when you have a minute, or leave it for tomorrow.")
