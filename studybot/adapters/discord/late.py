"""An interaction Discord no longer lets the bot answer: its initial response (or defer) was refused as an
unknown interaction (10062), as for one that arrives more than 3 s after it was made — the events of a gateway
gap, replayed on RESUME. Whatever the engine did with it stands, so its reply goes to the learner as a DM
instead (in a DM, that same chat): once, and only what carries a reply (a change of buttons alone is dropped)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
import discord

UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
LATE = "studybot.late"  # the mark in `Interaction.extras`
DEFERRED = "studybot.deferred"  # in `extras`: a defer Discord took though its answer was lost, as what it was
log = logging.getLogger(__name__)

AnyInteraction = discord.Interaction[Any]


def refused_as_late(error: BaseException) -> bool:
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


def is_late(interaction: AnyInteraction) -> bool:
    return bool(interaction.extras.get(LATE))


def acknowledged(interaction: AnyInteraction) -> discord.InteractionResponseType | None:
    """How the interaction was acknowledged, if it was: as discord.py saw it, or by a defer whose answer was
    lost (discord.py tried again and was told it was acknowledged already)."""
    kind: discord.InteractionResponseType | None = interaction.extras.get(DEFERRED)
    return interaction.response.type or kind


async def first_response(interaction: AnyInteraction, response: Awaitable[Any]) -> bool:
    """Make the interaction's initial response; False, with the interaction marked late, when Discord
    refused it as unknown (too late): the replies that follow go by DM."""
    try:
        await response
    except discord.NotFound as exc:
        if not refused_as_late(exc):
            raise
        interaction.extras[LATE] = True
        log.info("discord: interaction %s came too late to answer in place; replying by DM", interaction.id)
        return False
    return True


async def defer(interaction: AnyInteraction, *, ephemeral: bool, thinking: bool) -> None:
    """Acknowledge a slow interaction ahead of its reply. A defer that fails is logged and nothing more: the
    work goes on (an answer is taken once) and its reply is then the initial response, or if Discord no
    longer takes one, a DM; never "try again" for what was done."""
    try:
        await first_response(interaction, interaction.response.defer(ephemeral=ephemeral, thinking=thinking))
    except discord.HTTPException as exc:
        if exc.code != ALREADY_ACKNOWLEDGED:
            log.warning("discord: interaction %s not deferred: %s", interaction.id, exc)
            return
        command = interaction.type is discord.InteractionType.application_command
        how = "deferred_channel_message" if thinking or command else "deferred_message_update"
        interaction.extras[DEFERRED] = discord.InteractionResponseType[how]
    except (aiohttp.ClientError, OSError) as exc:
        log.warning("discord: interaction %s not deferred: %s: %s", interaction.id, type(exc).__name__, exc)


async def by_dm(interaction: AnyInteraction, message: dict[str, Any]) -> None:
    """Send the reply `message` (discord.py send or edit arguments) to the learner as a DM, if it says anything;
    a learner who takes no DMs from the bot (closed, blocked) misses it, which is logged."""
    message = {key: value for key, value in message.items() if key != "ephemeral"}
    if "attachments" in message:
        message["files"] = message.pop("attachments")
    if not message.get("content") and not message.get("embeds") and not message.get("embed"):
        return
    for file in message.get("files") or []:
        file.reset()  # read already by the refused response
    try:
        await interaction.user.send(**message)
    except discord.Forbidden as exc:
        log.info("discord: learner %s cannot be messaged; a late reply is lost: %s", interaction.user.id, exc)
