"""The command words, the same on every platform, and routing a chat line to the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studybot.engine.engine import QuizEngine
from studybot.engine.grading import normalise
from studybot.engine.groups.scoring import RULE as CHALLENGE_POINTS
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
    Command("undo", "Undo your last answer (within an hour)"),
    Command("stats", "Your progress"),
    Command("cram", "Practise a deck's missed cards without changing your schedule; /cram stop ends it", "deck"),
    Command("export", "Your review log as a CSV file (for the FSRS optimizer); /export DECK: a deck for Anki"),
    Command("add", "Add a card to your own deck: /add FRONT | BACK, or a {{c1::cloze}}", "card"),
    Command("import", "Bring your own deck: send me a .yaml, .csv, .tsv or Anki .apkg file"),
    Command("share", "Share a deck of yours: a link and a code; /share DECK off stops it", "deck"),
    Command("deletedeck", "Delete a deck of yours with its reviews", "deck"),
    Command(
        "settings",
        "Quiz time, timezone, new cards/day, retention, push threshold, pause, reminder; Telegram: quiz polls",
        "change",
    ),
    Command("pause", "Pause the daily quiz"),
    Command("resume", "Resume the daily quiz"),
    Command("link", "One learner on several platforms: /link gives a code, /link CODE on the other joins", "code"),
    Command("unlink", "Split this account from the ones it is linked to"),
)

GROUP_COMMANDS: tuple[Command, ...] = (
    Command(
        "challenge", "In a group: N questions for everyone (/challenge [DECK] [N]); /challenge stop ends it", "deck"
    ),
    Command("leaderboard", "In a group: this chat's challenge points (week or all); /leaderboard hide", "period"),
    Command("daily", "In a group: a question every day (/daily HH:MM [TIMEZONE] [DECK], /daily off; admins)", "time"),
)
"""Words for group chats and server channels (engine/groups); in a private chat they say so."""
COMMANDS = (*COMMANDS, *GROUP_COMMANDS)


ADMIN_COMMANDS: tuple[Command, ...] = (Command("admin", "Operator figures: /admin stats (admins only)", "stats"),)
"""Not advertised to learners (not in /help or a platform's command menu); anyone not in
STUDYBOT_ADMINS gets the same reply as for an unknown command."""

IMPORT_HOW = (
    "Send me a deck file in this private chat (Telegram: as a document; Discord: /import file:; "
    "terminal: /import PATH): our .yaml deck format, .csv or .tsv (front,back[,explanation]), "
    "or an Anki .apkg / .colpkg."
)
OVERRIDE_PHRASES = frozenset({"i was right", "override"})
EASY_PHRASES = frozenset({"easy", "that was easy", "too easy"})


def help_text(local_commands: Sequence[Command] = ()) -> str:
    """The command list; `local_commands` are the adapter's own words (the console's /quit), listed last."""
    lines = ["Commands:"]
    for command in (*COMMANDS, *local_commands):
        arg = f" {command.argument.upper()}" if command.argument else ""
        lines.append(f"/{command.name}{arg} — {command.description}")
    lines.append("Anything else you send answers the open question: a number, a letter, or your words.")
    lines.append("A typed answer marked wrong, but you were right? Say “I was right” (once, within an hour).")
    lines.append("Right and it was easy? Say “easy” (once, within an hour): the card comes back later.")
    lines.append(CHALLENGE_POINTS)
    return "\n".join(lines)


async def dispatch(engine: QuizEngine, learner: Learner, line: str, local_commands: Sequence[Command] = ()) -> Reply:
    """Route one chat line: "/command args" to its call, anything else to the open question.
    `local_commands` only join /help: the adapter handles them before calling here."""
    text = line.strip()
    if normalise(text) in OVERRIDE_PHRASES | EASY_PHRASES:  # unless it answers an open typed question
        return await engine.typed_phrase(learner, text, easy=normalise(text) in EASY_PHRASES)
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
            return await engine.export(learner, args or None)
        case "add":
            return await engine.add_card(learner, args)
        case "import":
            return Notice(IMPORT_HOW)
        case "share":
            return await engine.share(learner, args)
        case "deletedeck":
            return await engine.delete_deck(learner, args)
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
    if name in {command.name for command in GROUP_COMMANDS}:
        return Notice(f"/{name} works in a group chat or a server channel, for everyone there.", Level.ERROR)
    return unknown_command(name)


def unknown_command(name: str) -> Notice:
    return Notice(f"I don't know /{name[:32]}. Send /help for the commands.", Level.ERROR)
