"""Which slash commands in a chat are this bot's: in a group, other bots' commands pass by unanswered."""

from __future__ import annotations

from studybot.engine.commands import ADMIN_COMMANDS, COMMANDS

KNOWN_COMMANDS = frozenset(c.name for c in (*COMMANDS, *ADMIN_COMMANDS))


def command_of(text: str) -> tuple[str, str]:
    """("quiz", "physics") from "/Quiz@bot physics"."""
    name, _, args = text[1:].partition(" ")
    return name.partition("@")[0].lower(), args


def for_us(command: str, text: str, bot_name: str | None, private: bool) -> bool:
    """A command addressed to this bot: not to another bot by @name, and in a group one of ours."""
    addressee = text[1:].partition(" ")[0].partition("@")[2]
    if addressee and addressee.lower() != (bot_name or "").lower():
        return False
    return private or command in KNOWN_COMMANDS
