"""The terminal adapter: one line in, the engine's reply out as plain text. Works interactively and piped."""

from __future__ import annotations

import io
import sys
from typing import TextIO

from studybot.adapters import text
from studybot.adapters.console_files import file_command
from studybot.adapters.terminal import Terminal
from studybot.engine.commands import Command, dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import (
    AdminStats,
    DeckAction,
    DeckInfo,
    DeckList,
    Document,
    Feedback,
    GradeButtons,
    Learner,
    Level,
    Notice,
    Prompt,
    Reply,
    RetentionPreview,
    SettingsView,
    Stats,
)
from studybot.engine.wording import count

PLATFORM = "console"
GOODBYE = "Bye! Your progress is saved."
QUIT_WORDS = frozenset({"/quit", "/exit"})
CONSOLE_COMMANDS = (  # the terminal's file forms of /export and /import (console_files.py)
    Command("export FILE.csv", "Your review log written to FILE.csv (terminal)"),
    Command(
        "export DECK [FILE.apkg]", "A deck as an Anki package: DECK.apkg here, or FILE.apkg or into a folder (terminal)"
    ),
    Command("import", "Bring your own deck from a .yaml, .csv, .tsv or Anki .apkg file (terminal)", "path"),
    Command("stats --png", "Your progress, and its picture written to a PNG file (terminal only)", "path"),
    Command("quit", "End the session (terminal only; Ctrl-D and Ctrl-C do too)"),
)


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
            head += " (/quiz)" if reply.study_ahead else ""
            return head + (f"\n\n{_prompt(reply.next)}" if reply.next else "")
        case DeckList():
            return _decks(reply)
        case Stats():
            return "\n".join(text.stats_lines(reply))
        case SettingsView():
            return _settings(reply)
        case AdminStats():
            return "\n".join(text.admin_lines(reply))
        case RetentionPreview():
            return "\n".join([*text.retention_lines(reply), text.RETENTION_HOW])
        case Document():
            return f"{reply.caption}\n(In the terminal, /export FILE.csv or /export DECK FILE.apkg saves it to a file.)"
    raise TypeError(f"cannot render {type(reply).__name__}")


def _decks(decks: DeckList) -> str:
    lines = [decks.message] if decks.message else []
    lines += [_deck_line(d, text.starts_yours(decks.decks, i)) for i, d in enumerate(decks.decks)]
    if decks.pick is None:
        lines.append("(* subscribed) /subscribe DECK · /unsubscribe DECK · /subscribe all · /quiz DECK")
    elif decks.pick is DeckAction.STUDY and all(d.subscribed for d in decks.decks):  # "which one?" of their own
        lines.append("Send /quiz DECK.")
    else:
        lines.append(f"Send {text.TYPED_PICKS[decks.pick]}.")
    return "\n".join(lines)


def _deck_line(deck: DeckInfo, heading: bool = False) -> str:
    new = " — new" if deck.new else ""
    line = f"{'*' if deck.subscribed else ' '} {text.deck_name(deck)} — {deck.title} ({count(deck.cards, 'card')}){new}"
    return f"{text.YOURS}:\n{line}" if heading else line


def _prompt(prompt: Prompt) -> str:
    lines = [f"[{prompt.deck_title} · {prompt.progress}]", prompt.text]
    lines += [
        f"  {choice.key}. {choice.label}" + (" (ruled out)" if choice.ruled_out else "") for choice in prompt.choices
    ]
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
    if not feedback.details_shown:
        lines.append(f"Source: {text.citation(feedback.source)}")
    lines.append(text.schedule(feedback))
    if feedback.leech:
        lines.append("This card keeps slipping, so it is suspended now: rewrite it in your own notes.")
    if feedback.can_override:
        lines.append("(Marked wrong but you were right? Say “I was right”.)")  # typed answers only
    if feedback.can_mark_easy:
        lines.append("(Too easy? Say “easy” and it comes back later.)")
    if feedback.summary is not None:
        lines.append(text.summary_line(feedback.summary))
    if feedback.next is not None:
        lines.append("")
        lines.append(render(feedback.next))
    return "\n".join(lines)


def _grade_buttons(buttons: GradeButtons) -> str:
    lines = [f"Answer: {buttons.back}"]
    if buttons.explanation:
        lines.append(f"Why: {buttons.explanation}")
    lines.append(f"Source: {text.citation(buttons.source)}")
    options = " · ".join(
        f"{o.rating} {o.label}" + ("" if buttons.cram else f" ({text.interval(o.interval)})") for o in buttons.options
    )
    lines.append(f"How well did you recall it? {options}")
    if buttons.refreshed:
        lines.insert(0, text.REFRESHED)
    return "\n".join(lines)


def _settings(view: SettingsView) -> str:
    lines = text.settings_lines(view, polls=True)  # the console shows the Telegram preference too
    if view.choices and view.choices[0].name == "timezone":  # "which Portland?": the places, to type
        lines += [f"  /settings timezone {c.value} — {c.label}" for c in view.choices]
    return "\n".join(lines + ([view.usage] if view.usage else []))


async def chat(engine: QuizEngine, learner: Learner, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Answer each line until /quit or the end of input. Blank lines reveal a flashcard or are ignored.
    Ctrl-C is the caller's to catch (`studybot chat` says goodbye); the terminal is restored either way."""
    if isinstance(stdin, io.TextIOWrapper):
        stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 arrive as U+FFFD, not as a crash
    terminal = Terminal(stdin, stdout)
    with terminal.session():
        terminal.write(render(await engine.start(learner, subscribe_all=True)))
        while (line := await terminal.read_line()) is not None:
            if line.strip().lower() in QUIT_WORDS:
                terminal.write(GOODBYE)
                return
            written = await file_command(engine, learner, line, render)
            terminal.write(
                written if written is not None else render(await dispatch(engine, learner, line, CONSOLE_COMMANDS))
            )
        if terminal.interactive:  # Ctrl-D; a piped script just ends
            terminal.write(GOODBYE)
