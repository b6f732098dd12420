"""Where discord.py talks to: the REST base (e.g. a rate-limit proxy) and, optionally, the gateway."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
import yarl
from discord.gateway import DiscordWebSocket

from studybot.config import Settings

if TYPE_CHECKING:
    from discord.types.gateway import SessionStartLimit


def point_at(settings: Settings) -> None:
    """Route every REST call (interaction callbacks and webhooks too) through STUDYBOT_DISCORD_API_BASE.

    discord.py keeps both addresses on classes, so this applies to every client in the process.
    """
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def pin_gateway(client: discord.AutoShardedClient, url: str | None) -> None:
    """Connect to `url` instead of the gateway Discord names, keeping Discord's recommended shard count."""
    if not url:
        return
    ask = client.http.get_bot_gateway

    async def pinned() -> tuple[int, str, SessionStartLimit]:
        shards, _, limits = await ask()
        return shards, url, limits

    setattr(client.http, "get_bot_gateway", pinned)  # noqa: B010 - an instance override of a library method
