"""The command words, the same on every platform, and routing a chat line to the engine."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studybot.engine.engine import QuizEngine
from studybot.engine.grading import normalise
from studybot.engine.replies import Learner, Level, Notice, Reply


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    argument: str | None = None  # the name of its one argument, if it takes one


COMMANDS: tuple[Command, ...] = (
    Command("start", "Start or restart the bot"),
    Command("help", "What I can do"),
    Command("decks", "List the decks and your subscriptions"),
    Command("subscribe", "Subscribe to a deck", "deck"),
    Command("unsubscribe", "Unsubscribe from a deck", "deck"),
    Command("quiz", "Ask me the next card"),
    Command("next", "Same as /quiz"),
    Command("hint", "A hint for the open question"),
    Command("skip", "Set the open question aside until tomorrow"),
    Command("undo", "Undo your last answer"),
    Command("stats", "Your progress"),
    Command("settings", "Push time, timezone, new cards per day, retention", "change"),
    Command("pause", "Pause the daily quiz"),
    Command("resume", "Resume the daily quiz"),
)


ADMIN_COMMANDS: tuple[Command, ...] = (Command("admin", "Operator figures: /admin stats (admins only)", "stats"),)
"""Not advertised to learners (not in /help or a platform's command menu); anyone not in
STUDYBOT_ADMINS gets the same reply as for an unknown command."""

OVERRIDE_PHRASES = frozenset({"i was right", "override"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def help_text() -> str:
    lines = ["Commands:"]
    for command in COMMANDS:
        arg = f" {command.argument.upper()}" if command.argument else ""
        lines.append(f"/{command.name}{arg} — {command.description}")
    lines.append("Anything else you send answers the open question: a number, a letter, or your words.")
    lines.append("Marked wrong but you were right? Say “I was right” (once, right after).")
    return "\n".join(lines)


def clean(line: str) -> str:
    """The line without control characters (PostgreSQL text cannot even hold NUL); tabs and line feeds stay."""
    return _CONTROL.sub("", line).strip()


async def dispatch(engine: QuizEngine, learner: Learner, line: str) -> Reply:
    """Route one chat line: "/command args" to its call, anything else to the open question."""
    text = clean(line)
    if normalise(text) in OVERRIDE_PHRASES:
        return await engine.override(learner, None)
    if not text.startswith("/"):
        return await engine.answer(learner, text)
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()  # Telegram groups send /quiz@botname
    args = args.strip()
    return await _route(engine, learner, name, args)


async def dispatch_reply(engine: QuizEngine, learner: Learner, ref: str, line: str) -> Reply:
    """A chat line sent as a reply to message `ref`: commands and "I was right" as usual; anything else
    answers the question that message shows, and nothing else (in groups, not someone else's)."""
    text = clean(line)
    if text.startswith("/") or normalise(text) in OVERRIDE_PHRASES:
        return await dispatch(engine, learner, line)
    return await engine.answer_reply(learner, ref, text)


async def _route(engine: QuizEngine, learner: Learner, name: str, args: str) -> Reply:
    match name:
        case "start":
            return await engine.start(learner)
        case "help":
            return Notice(help_text())
        case "decks":
            return await engine.decks(learner)
        case "subscribe":
            return await engine.subscribe(learner, args)
        case "unsubscribe":
            return await engine.unsubscribe(learner, args)
        case "quiz" | "next":
            return await engine.next(learner)
        case "hint":
            return await engine.hint(learner)
        case "skip":
            return await engine.skip(learner)
        case "undo":
            return await engine.undo(learner)
        case "stats":
            return await engine.stats(learner)
        case "settings":
            return await engine.change_settings(learner, args)
        case "pause":
            return await engine.pause(learner, True)
        case "resume":
            return await engine.pause(learner, False)
        case "admin" if engine.is_admin(learner):
            if args.lower() == "stats":
                return await engine.admin_stats()
            return Notice("Admin commands: /admin stats", Level.ERROR)
    return unknown_command(name)


def unknown_command(name: str) -> Notice:
    return Notice(f"I don't know /{name[:32]}. Send /help for the commands.", Level.ERROR)
