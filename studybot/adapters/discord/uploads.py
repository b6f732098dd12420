"""`/import file:<attachment>` and `/add CARD`: a deck file of one's own, checked by the size Discord
announces before it is downloaded, then parsed and imported by the engine. Only in DMs: decks of one's
own are private, so in a server channel the reply points to the DM (and nothing is downloaded)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
from discord import app_commands

from studybot.adapters.discord.handlers import AnyInteraction, answer_with, in_time, learner_of
from studybot.adapters.discord.render import render
from studybot.engine.commands import Command
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Level, Notice

DOWNLOAD_FAILED = Notice("I could not download that file from Discord. Please attach it again.", Level.ERROR)
Guard = Callable[[AnyInteraction, Awaitable[None]], Awaitable[None]]
"""Runs one interaction's work counted in flight; an error is logged and told (StudyClient._guarded)."""


def import_command(command: Command, engine: QuizEngine, guard: Guard) -> app_commands.Command[Any, ..., None]:
    """`guard` counts the import in flight (a stop waits for it) and tells the learner of any error."""

    @app_commands.describe(file="A .yaml, .csv, .tsv or Anki .apkg / .colpkg deck file")
    async def callback(interaction: AnyInteraction, file: discord.Attachment) -> None:
        await guard(interaction, _import(engine, interaction, file))

    return app_commands.Command(name=command.name, description=command.description, callback=callback)


async def _import(engine: QuizEngine, interaction: AnyInteraction, file: discord.Attachment) -> None:
    reply = await in_time(interaction, _upload(engine, interaction, file), thinking=True)
    await answer_with(interaction, render(reply, interaction.user.id))


async def _upload(engine: QuizEngine, interaction: AnyInteraction, file: discord.Attachment) -> Notice:
    private, learner = interaction.guild_id is None, learner_of(interaction.user)
    refusal = engine.upload_refusal(file.filename, file.size, private=private)
    if refusal is not None:
        return refusal
    async with engine.receiving(learner) as busy:
        if busy is not None:
            return busy
        try:
            data = await file.read()
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError):  # an error status, no connection, too slow
            return DOWNLOAD_FAILED
        return await engine.upload(learner, file.filename, data)
