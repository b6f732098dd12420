"""The bot: an AutoShardedClient with the slash commands and quiz buttons, run as a `studybot run` service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import discord

from studybot.adapters.discord import handlers, outage, taps
from studybot.adapters.discord.buttons import QuizButton, typed_answer_of
from studybot.adapters.discord.choices import DeckMenu, DeckPage, SettingButton
from studybot.adapters.discord.codec import Action, ButtonId
from studybot.adapters.discord.delivery import DiscordDelivery
from studybot.adapters.discord.endpoints import Shards, pin_gateway, point_at
from studybot.adapters.discord.groups import DiscordGroups
from studybot.adapters.discord.slash import build_tree
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import DEFAULT_CHALLENGE_SECONDS, GroupEngine
from studybot.errors import ConfigError
from studybot.health import Health
from studybot.push.challenges import ChallengeTicker

DRAIN_SECONDS = 10.0  # how long a stop waits for interactions in progress
log = logging.getLogger(__name__)


class StudyClient(discord.AutoShardedClient):
    """Needs no privileged intent: slash commands, buttons and modals arrive as interactions."""

    def __init__(
        self,
        engine: QuizEngine,
        *,
        guild_id: int | None = None,
        gateway_url: str | None = None,
        challenge_seconds: int = DEFAULT_CHALLENGE_SECONDS,
        admin_role: str | None = None,
        shards: Shards | None = None,
    ) -> None:
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here: no warning about it
        shards = shards or Shards()
        super().__init__(
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
            **shards.options(),
        )
        self.engine = engine
        self.guild_id = guild_id
        self.syncs_commands = shards.syncs_commands
        self.tree = build_tree(self, engine, self.run_command, self._guarded)
        self.in_flight: set[asyncio.Task[Any]] = set()
        self.gateway = Health("the Discord gateway")  # discord.py's failed reconnects counted (outage.py)
        self.groups = DiscordGroups(self, GroupEngine(engine, challenge_seconds=challenge_seconds), admin_role)
        pin_gateway(self, gateway_url)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(QuizButton, DeckMenu, DeckPage, SettingButton)
        if not self.syncs_commands:
            log.info("discord: slash commands are synced by the process that runs shard 0")
            return
        guild = discord.Object(self.guild_id) if self.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)  # a guild's commands update at once; global ones take a while
        synced = await self.tree.sync(guild=guild)
        log.info(
            "discord: %d slash commands synced %s", len(synced), f"to guild {self.guild_id}" if guild else "globally"
        )

    async def on_shard_ready(self, shard_id: int) -> None:
        self.gateway.ok()
        log.info("discord: shard %d ready (%d guilds in all)", shard_id, len(self.guilds))

    async def on_shard_resumed(self, _shard_id: int) -> None:
        self.gateway.ok()

    async def run_command(self, interaction: discord.Interaction[Any], line: str) -> None:
        await self._guarded(interaction, self._command(interaction, line))

    async def _command(self, interaction: discord.Interaction[Any], line: str) -> None:
        if not await self.groups.command(interaction, line):  # group play in a server channel
            await handlers.command(self.engine, interaction, line)

    async def on_quiz_click(self, interaction: discord.Interaction[Any], button: ButtonId | None) -> None:
        if button is not None and button.action is Action.CHALLENGE:
            await self._guarded(interaction, self.groups.press(interaction, button))
            return
        await self._guarded(interaction, handlers.click(self.engine, interaction, button))

    async def on_deck_pick(self, interaction: discord.Interaction[Any], menu: DeckMenu) -> None:
        await self._guarded(interaction, taps.deck_pick(self.engine, interaction, menu))

    async def on_deck_page(self, interaction: discord.Interaction[Any], button: DeckPage) -> None:
        await self._guarded(interaction, taps.deck_page(self.engine, interaction, button))

    async def on_setting(self, interaction: discord.Interaction[Any], button: SettingButton) -> None:
        await self._guarded(interaction, taps.setting(self.engine, interaction, button))

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Answer forms are routed here by their custom_id (slash commands and buttons route themselves)."""
        if (typed := typed_answer_of(interaction)) is not None:
            nonce, owner, text = typed
            await self._guarded(interaction, handlers.typed_answer(self.engine, interaction, nonce, owner, text))

    async def _guarded(self, interaction: discord.Interaction[Any], work: Awaitable[None]) -> None:
        """Run one interaction's work; count it as in flight; an error is logged and told, never raised."""
        task = asyncio.current_task()
        if task is not None:
            self.in_flight.add(task)
        try:
            await work
        except Exception as exc:
            await handlers.apologise(interaction, exc)
        finally:
            if task is not None:
                self.in_flight.discard(task)

    async def drain(self) -> None:
        """Let the interactions in progress finish (a stop must not cut an answer in half)."""
        current = asyncio.current_task()
        pending = [task for task in self.in_flight if task is not current]
        if pending:
            await asyncio.wait(pending, timeout=DRAIN_SECONDS)


class DiscordService:
    """`studybot run discord`: connect, serve until `stop`, finish what is in flight, disconnect."""

    name = "discord"

    def __init__(self, engine: QuizEngine, settings: Settings) -> None:
        if settings.discord_bot_token is None:
            raise ValueError("DISCORD_BOT_TOKEN is not set")
        self._token = settings.discord_bot_token.get_secret_value()
        self._settings = settings
        point_at(settings)
        self.client = StudyClient(
            engine,
            guild_id=settings.discord_guild_id,
            gateway_url=settings.discord_gateway_url,
            challenge_seconds=settings.challenge_seconds,
            admin_role=settings.discord_admin_role,
            shards=Shards.of(settings),
        )
        self._delivery = DiscordDelivery(self.client)
        groups = self.client.groups
        self.challenges = ChallengeTicker(groups.groups, groups.posts, grace=settings.push_grace)
        self.ready = asyncio.Event()  # set while logged in and connected (or connecting) to the gateway

    @property
    def delivery(self) -> DiscordDelivery:
        return self._delivery

    async def serve(self, stop: asyncio.Event) -> None:
        try:
            with outage.counted(self.client.gateway):
                await self._serve(stop)
        finally:
            self.ready.clear()

    async def _serve(self, stop: asyncio.Event) -> None:
        client = self.client
        async with client:
            login = asyncio.ensure_future(client.login(self._token))  # logs in and syncs the commands
            if not await _ended_before(stop, login):  # stopped while Discord was still being reached
                login.cancel()
                await asyncio.wait({login})
                return
            try:
                login.result()
            except discord.LoginFailure:  # a 401: it will be refused again, so no restart should retry it
                raise ConfigError(
                    "Discord rejected DISCORD_BOT_TOKEN: set the bot's token from the Developer Portal"
                ) from None
            connection = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
            self.ready.set()  # pushes go over REST; the gateway (for their buttons) is up within a second
            log.info("discord: logged in as %s; connecting to the gateway", client.user)
            timer = asyncio.create_task(self.challenges.run(stop), name="discord-challenges")
            if await _ended_before(stop, connection):
                timer.cancel()
                connection.result()  # the connection ended by itself: raise why
                raise ConnectionError("the Discord gateway connection ended")
            await timer
            await client.drain()
            await client.close()
            await asyncio.wait({connection}, timeout=DRAIN_SECONDS)
        log.info("discord: disconnected")


async def _ended_before(stop: asyncio.Event, task: asyncio.Future[Any]) -> bool:
    """Wait until `task` ends (True) or `stop` is set (False), whichever comes first."""
    stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    return task.done()


def service(engine: QuizEngine, settings: Settings) -> DiscordService:
    return DiscordService(engine, settings)
