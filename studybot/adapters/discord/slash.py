"""The slash commands: every command word of engine/commands.py, plus the `admin` group."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from studybot.adapters.discord import uploads
from studybot.adapters.discord.handlers import learner_of
from studybot.adapters.discord.message import clip
from studybot.engine.account import SETTING_NAMES
from studybot.engine.commands import ADMIN_COMMANDS, COMMANDS, GROUP_COMMANDS, Command
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DeckList

Run = Callable[[discord.Interaction[Any], str], Awaitable[None]]
"""Runs one command line ("/subscribe physics") for an interaction; errors are its business."""

log = logging.getLogger(__name__)
CHOICE_MAX = 100
SETTINGS = tuple(  # /settings NAME VALUE; `polls` is left out: Discord has no native quiz polls
    app_commands.Choice(name=description, value=name) for name, description in SETTING_NAMES.items() if name != "polls"
)


def build_tree(
    client: discord.Client, engine: QuizEngine, run: Run, guard: uploads.Guard
) -> app_commands.CommandTree[Any]:
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    group_words = {command.name for command in GROUP_COMMANDS}
    for command in COMMANDS:
        if command.name in group_words:
            continue
        if command.name == "settings":
            tree.add_command(_settings(command, run))
        elif command.argument == "deck" or command.name in ("export", "quiz"):
            tree.add_command(_deck_command(command, engine, run))
        elif command.argument == "code":
            tree.add_command(_code_command(command, run))
        elif command.name == "import":
            tree.add_command(uploads.import_command(command, engine, guard))
        elif command.argument:
            tree.add_command(_text_command(command, run))
        else:
            tree.add_command(_plain(command, run))
    tree.add_command(_admin_group(run))
    for slash in _group_commands(run):
        tree.add_command(slash)
    return tree


def _group_commands(run: Run) -> list[app_commands.Command[Any, ..., None]]:
    """/challenge, /leaderboard and /daily: public in a server channel (engine/groups)."""
    challenge_, leaderboard_, daily_ = GROUP_COMMANDS

    @app_commands.describe(deck="A deck (empty: every deck), or stop to end the running challenge", questions="1-20")
    async def challenge(
        interaction: discord.Interaction[Any],
        deck: str | None = None,
        questions: app_commands.Range[int, 1, 20] | None = None,
    ) -> None:
        await run(interaction, " ".join(str(w) for w in ("/challenge", deck, questions) if w))

    @app_commands.describe(period="This week (default), all time, or hide/show your own row")
    @app_commands.choices(period=[app_commands.Choice(name=w, value=w) for w in ("week", "all", "hide", "show")])
    async def leaderboard(
        interaction: discord.Interaction[Any], period: app_commands.Choice[str] | None = None
    ) -> None:
        await run(interaction, f"/leaderboard {period.value if period else ''}".strip())

    @app_commands.describe(time="HH:MM, or off", timezone="e.g. Europe/Berlin (default UTC)", deck="empty: every deck")
    async def daily(
        interaction: discord.Interaction[Any],
        time: str | None = None,
        timezone: str | None = None,
        deck: str | None = None,
    ) -> None:
        await run(interaction, " ".join(w for w in ("/daily", time, timezone, deck) if w))

    return [
        app_commands.Command(name=c.name, description=c.description, callback=f)
        for c, f in ((challenge_, challenge), (leaderboard_, leaderboard), (daily_, daily))
    ]


def _plain(command: Command, run: Run) -> app_commands.Command[Any, ..., None]:
    async def callback(interaction: discord.Interaction[Any]) -> None:
        await run(interaction, f"/{command.name}")

    return app_commands.Command(name=command.name, description=command.description, callback=callback)


def _text_command(command: Command, run: Run) -> app_commands.Command[Any, ..., None]:
    """A command with one free-text argument (/add CARD)."""
    assert command.argument is not None

    @app_commands.rename(text=command.argument)
    async def callback(interaction: discord.Interaction[Any], text: str) -> None:
        await run(interaction, f"/{command.name} {text}")

    return app_commands.Command(name=command.name, description=command.description, callback=callback)


def _deck_command(command: Command, engine: QuizEngine, run: Run) -> app_commands.Command[Any, ..., None]:
    @app_commands.describe(deck="The deck's name (start typing to choose; leave it out to pick from a menu)")
    async def callback(interaction: discord.Interaction[Any], deck: str | None = None) -> None:
        await run(interaction, f"/{command.name} {deck or ''}".strip())

    @app_commands.describe(deck="A deck to export for Anki (leave empty for your review log as CSV)")
    async def optional(interaction: discord.Interaction[Any], deck: str | None = None) -> None:
        await run(interaction, f"/{command.name} {deck or ''}".strip())

    slash: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=command.name, description=command.description, callback=callback if command.argument else optional
    )
    only_subscribed = command.name in {"unsubscribe", "cram", "quiz"}
    extra = [app_commands.Choice(name="stop cramming", value="stop")] if command.name == "cram" else []
    if command.name == "quiz":
        extra = [app_commands.Choice(name="all my decks again", value="all")]

    @slash.autocomplete("deck")
    async def decks(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        try:
            reply = await engine.deck_choices(learner_of(interaction.user))
        except Exception as exc:  # no suggestions is a fine answer; the command itself will report trouble
            log.warning("deck autocomplete failed: %s: %s", type(exc).__name__, exc)
            return []
        if not isinstance(reply, DeckList):
            return []
        typed = current.casefold().strip()
        decks = [
            app_commands.Choice(name=clip(f"{deck.title} ({deck.id})", CHOICE_MAX), value=deck.id)
            for deck in reply.decks
            if (deck.subscribed or not only_subscribed)
            and (typed in deck.id.casefold() or typed in deck.title.casefold())
        ]
        return [*decks, *(choice for choice in extra if typed in choice.name)][:25]

    return slash


def _code_command(command: Command, run: Run) -> app_commands.Command[Any, ..., None]:
    @app_commands.describe(code="The code /link gave on your other account (leave empty to get one)")
    async def callback(interaction: discord.Interaction[Any], code: str | None = None) -> None:
        await run(interaction, f"/{command.name} {code or ''}".strip())

    return app_commands.Command(name=command.name, description=command.description, callback=callback)


def _settings(command: Command, run: Run) -> app_commands.Command[Any, ..., None]:
    @app_commands.describe(setting="What to change (leave empty to see your settings)", value="Its new value")
    @app_commands.choices(setting=list(SETTINGS))
    async def callback(
        interaction: discord.Interaction[Any],
        setting: app_commands.Choice[str] | None = None,
        value: str | None = None,
    ) -> None:
        words = [word for word in (setting.value if setting else None, value) if word]
        await run(interaction, " ".join(["/settings", *words]))

    return app_commands.Command(name=command.name, description=command.description, callback=callback)


def _admin_group(run: Run) -> app_commands.Group:
    (admin,) = ADMIN_COMMANDS
    group = app_commands.Group(name=admin.name, description="Operator commands (admins in STUDYBOT_ADMINS only)")

    async def stats(interaction: discord.Interaction[Any]) -> None:
        await run(interaction, "/admin stats")

    group.add_command(
        app_commands.Command(name="stats", description="Learners, reviews and pushes today", callback=stats)
    )
    return group
