"""Routing a group chat's command line to group play: /challenge, /daily, /leaderboard."""

from __future__ import annotations

from studybot.engine.commands import GROUP_COMMANDS
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import GroupReply, Place
from studybot.engine.replies import Learner

GROUP_WORDS = frozenset(command.name for command in GROUP_COMMANDS)


def command_word(line: str) -> tuple[str, str] | None:
    """("challenge", "physics 3") from "/challenge@bot physics 3"; None for anything else."""
    text = line.strip()
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return (name, args.strip()) if name in GROUP_WORDS else None


def needs_admin(name: str, args: str) -> bool:
    """Whether the answer depends on the member being a chat admin (so the adapter asks the platform)."""
    if name == "daily":
        return bool(args.strip())
    return name == "challenge" and args.strip().lower() == "stop"


async def dispatch_group(groups: GroupEngine, place: Place, member: Learner, line: str) -> GroupReply | None:
    """The group's reply to `line`, or None when it is not a group command (the caller routes it as usual)."""
    found = command_word(line)
    if found is None:
        return None
    name, args = found
    if name == "challenge":
        return await groups.challenge(place, member, args)
    if name == "daily":
        return await groups.daily(place, member, args)
    return await groups.leaderboard(place, member, args)
