"""The terminal adapter: one line in, the engine's reply out as plain text. Works interactively and piped."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from studybot.adapters import text
from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import (
    AdminStats,
    DeckList,
    Feedback,
    GradeButtons,
    Learner,
    Level,
    Notice,
    Prompt,
    Reply,
    SettingsView,
    Stats,
)

PLATFORM = "console"


def render(reply: Reply) -> str:
    match reply:
        case Prompt():
            return _prompt(reply)
        case Feedback():
            return _feedback(reply)
        case GradeButtons():
            return _grade_buttons(reply)
        case Notice():
            head = ("Error: " if reply.level is Level.ERROR else "") + reply.text
            return head + (f"\n\n{_prompt(reply.next)}" if reply.next else "")
        case DeckList():
            return "\n".join(
                [f"{'*' if d.subscribed else ' '} {d.id} — {d.title} ({d.cards} cards)" for d in reply.decks]
                + ["(* subscribed) /subscribe DECK · /unsubscribe DECK"]
            )
        case Stats():
            return "\n".join(text.stats_lines(reply))
        case SettingsView():
            return _settings(reply)
        case AdminStats():
            return "\n".join(text.admin_lines(reply))
    raise TypeError(f"cannot render {type(reply).__name__}")


def _prompt(prompt: Prompt) -> str:
    lines = [f"[{prompt.deck_title} · {prompt.progress}]", prompt.text]
    lines += [f"  {choice.key}. {choice.label}" for choice in prompt.choices]
    how = {
        "mcq": "Answer with a number.",
        "truefalse": "Answer 1 (true) or 2 (false).",
        "flashcard": "Recall the answer, then press Enter (or type it) to see the back.",
    }.get(prompt.kind, "Type your answer.")
    lines.append(how + (" /hint for a hint." if prompt.hint_available else "") + " /skip to skip.")
    return "\n".join(lines)


def _feedback(feedback: Feedback) -> str:
    lines = [text.verdict(feedback)]
    if feedback.explanation:
        lines.append(f"Why: {feedback.explanation}")
    lines.append(f"Source: {text.citation(feedback.source)}")
    lines.append(text.schedule(feedback))
    if feedback.leech:
        lines.append("This card keeps slipping, so it is suspended now: rewrite it in your own notes.")
    if feedback.can_override:
        lines.append("(Marked wrong but you were right? Say “I was right”.)")
    if feedback.next is not None:
        lines.append("")
        lines.append(render(feedback.next))
    return "\n".join(lines)


def _grade_buttons(buttons: GradeButtons) -> str:
    lines = [f"Answer: {buttons.back}"]
    if buttons.explanation:
        lines.append(f"Why: {buttons.explanation}")
    lines.append(f"Source: {text.citation(buttons.source)}")
    options = " · ".join(f"{o.rating} {o.label} ({text.interval(o.interval)})" for o in buttons.options)
    lines.append(f"How well did you recall it? {options}")
    return "\n".join(lines)


def _settings(view: SettingsView) -> str:
    return "\n".join(text.settings_lines(view))


async def chat(engine: QuizEngine, learner: Learner, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Read lines until end of input; answer each one. Blank lines reveal a flashcard or are ignored."""
    interactive = stdin.isatty()
    _write(stdout, render(await engine.start(learner, subscribe_all=True)))
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        reply = await dispatch(engine, learner, line)
        _write(stdout, render(reply))


def _write(stdout: TextIO, block: str) -> None:
    stdout.write(block + "\n\n")
    stdout.flush()
