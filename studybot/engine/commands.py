"""The command words, the same on every platform, and routing a chat line to the engine."""

from __future__ import annotations

from collections.abc import Sequence
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
    Command("subscribe", "Subscribe to a deck (or all)", "deck"),
    Command("unsubscribe", "Unsubscribe from a deck (or all)", "deck"),
    Command("quiz", "Ask me the next card; /quiz DECK studies one deck for now, /quiz all every deck"),
    Command("next", "Same as /quiz"),
    Command("hint", "A hint for the open question"),
    Command("skip", "Set the open question aside until tomorrow"),
    Command("undo", "Undo your last answer"),
    Command("stats", "Your progress"),
    Command("cram", "Practise a deck's missed cards without changing your schedule; /cram stop ends it", "deck"),
    Command("export", "Your review log as a CSV file (for the FSRS optimizer)"),
    Command("settings", "Push time, timezone, push threshold, new cards per day, retention", "change"),
    Command("pause", "Pause the daily quiz"),
    Command("resume", "Resume the daily quiz"),
    Command("link", "One learner on several platforms: /link gives a code, /link CODE on the other joins", "code"),
    Command("unlink", "Split this account from the ones it is linked to"),
)


ADMIN_COMMANDS: tuple[Command, ...] = (Command("admin", "Operator figures: /admin stats (admins only)", "stats"),)
"""Not advertised to learners (not in /help or a platform's command menu); anyone not in
STUDYBOT_ADMINS gets the same reply as for an unknown command."""

OVERRIDE_PHRASES = frozenset({"i was right", "override"})
EASY_PHRASES = frozenset({"easy", "that was easy", "too easy"})


def help_text(local_commands: Sequence[Command] = ()) -> str:
    """The command list; `local_commands` are the adapter's own words (the console's /quit), listed last."""
    lines = ["Commands:"]
    for command in (*COMMANDS, *local_commands):
        arg = f" {command.argument.upper()}" if command.argument else ""
        lines.append(f"/{command.name}{arg} — {command.description}")
    lines.append("Anything else you send answers the open question: a number, a letter, or your words.")
    lines.append("A typed answer marked wrong, but you were right? Say “I was right” (once, right after).")
    lines.append("Right and it was easy? Say “easy” (once, right after): the card comes back later.")
    return "\n".join(lines)


async def dispatch(engine: QuizEngine, learner: Learner, line: str, local_commands: Sequence[Command] = ()) -> Reply:
    """Route one chat line: "/command args" to its call, anything else to the open question.
    `local_commands` only join /help: the adapter handles them before calling here."""
    text = line.strip()
    if normalise(text) in OVERRIDE_PHRASES:
        return await engine.override(learner, None)
    if normalise(text) in EASY_PHRASES:
        return await engine.easy(learner, None)
    if not text.startswith("/"):
        return await engine.answer(learner, text)
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()  # Telegram groups send /quiz@botname
    args = args.strip()
    if name == "help":
        return Notice(help_text(local_commands))
    return await _route(engine, learner, name, args)


async def dispatch_reply(engine: QuizEngine, learner: Learner, ref: str, line: str) -> Reply:
    """A chat line sent as a reply to message `ref`: commands and "I was right" as usual; anything else
    answers the question that message shows, and nothing else (in groups, not someone else's)."""
    text = line.strip()
    if text.startswith("/") or normalise(text) in OVERRIDE_PHRASES | EASY_PHRASES:
        return await dispatch(engine, learner, line)
    return await engine.answer_reply(learner, ref, text)


async def _route(engine: QuizEngine, learner: Learner, name: str, args: str) -> Reply:
    match name:
        case "start":
            return await engine.start(learner)
        case "decks":
            return await engine.decks(learner)
        case "subscribe":
            return await engine.subscribe(learner, args)
        case "unsubscribe":
            return await engine.unsubscribe(learner, args)
        case "quiz" | "next":
            return await engine.next(learner, args or None)
        case "hint":
            return await engine.hint(learner)
        case "skip":
            return await engine.skip(learner)
        case "undo":
            return await engine.undo(learner)
        case "stats":
            return await engine.stats(learner)
        case "cram":
            return await engine.cram(learner, args)
        case "export":
            return await engine.export(learner)
        case "settings":
            return await engine.change_settings(learner, args)
        case "pause":
            return await engine.pause(learner, True)
        case "resume":
            return await engine.pause(learner, False)
        case "link":
            return await engine.link(learner, args)
        case "unlink":
            return await engine.unlink(learner)
        case "admin" if engine.is_admin(learner):
            if args.lower() == "stats":
                return await engine.admin_stats()
            return Notice("Admin commands: /admin stats", Level.ERROR)
    return unknown_command(name)


def unknown_command(name: str) -> Notice:
    return Notice(f"I don't know /{name[:32]}. Send /help for the commands.", Level.ERROR)
