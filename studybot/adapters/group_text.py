"""The words of group play every adapter shows: challenge questions, their results, scoreboards, leaderboards.

Each function takes the platform's escaping (`esc`) and emphasis (`bold`) and returns lines of markup, so
that card and member text is escaped once, the platform's way.
"""

from __future__ import annotations

from collections.abc import Callable

from studybot.adapters import graphemes
from studybot.engine.groups.replies import ChallengeQuestion, ClosedQuestion, Leaderboard, Scoreboard, ScoreRow
from studybot.engine.wording import count

Markup = Callable[[str], str]
NAMES_SHOWN = 10  # right answerers listed under a closed question
ROWS_SHOWN = 20  # rows of a round's scoreboard: a big group's fits one message (4,096 characters)
NAME_MAX = 64  # a member's name in a score row (Telegram's full names reach 129 characters)


def question_lines(question: ChallengeQuestion, esc: Markup, bold: Markup) -> list[str]:
    return [
        f"{bold(question.title)} · {question.position} of {question.total}",
        "",
        esc(question.text),
        "",
        esc(f"Anyone may answer, once · {question.seconds} s"),
    ]


def closed_lines(closed: ClosedQuestion, esc: Markup, bold: Markup, *, names: bool = True) -> list[str]:
    """`names` False: how many got it right instead of who (a scoreboard beside it names them)."""
    right = ", ".join(f"{esc(w.name)} {w.seconds:.1f} s (+{w.points})" for w in closed.right[:NAMES_SHOWN])
    if not names:
        right = esc(count(len(closed.right), "member"))
    elif len(closed.right) > NAMES_SHOWN:
        right += esc(f" and {len(closed.right) - NAMES_SHOWN} more")
    lines = [
        f"{bold(closed.title)} · {closed.position} of {closed.total} · closed",
        "",
        esc(closed.text),
        "",
        f"✓ {bold(closed.answer)}",
        f"Right: {right}" if closed.right else esc("Nobody got it."),
    ]
    if closed.wrong:
        lines.append(esc(f"Wrong: {closed.wrong}"))
    return lines


def _row(row: ScoreRow, esc: Markup, *, streak: bool) -> str:
    name = graphemes.shorten(row.name, NAME_MAX)
    text = f"{row.rank}. {name} — {count(row.points, 'point')} · {row.right} right"
    if streak and row.streak_days:
        text += f" · 🔥 {count(row.streak_days, 'day')}"
    return esc(text)


def scoreboard_lines(board: Scoreboard, esc: Markup, bold: Markup) -> list[str]:
    how = f"stopped by {board.stopped_by} after " if board.stopped_by else "after "
    lines = [f"{bold(board.title)}: final scores", esc(f"({how}{count(board.questions, 'question')})"), ""]
    lines += [_row(row, esc, streak=False) for row in board.rows[:ROWS_SHOWN]] or [esc("Nobody answered.")]
    if len(board.rows) > ROWS_SHOWN:
        lines.append(esc(f"… and {len(board.rows) - ROWS_SHOWN} more"))
    return lines


def leaderboard_lines(board: Leaderboard, esc: Markup, bold: Markup) -> list[str]:
    period = "this week" if board.period == "week" else "all time"
    lines = [bold(f"Leaderboard · {period}"), ""]
    lines += [_row(row, esc, streak=True) for row in board.rows] or [
        esc("No challenge points yet: /challenge starts one.")
    ]
    if board.mine is not None:
        lines += ["…", _row(board.mine, esc, streak=True)]
    lines += ["", esc(board.rule)]
    return lines
