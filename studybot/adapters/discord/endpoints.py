"""Where discord.py talks to: the REST base (e.g. a rate-limit proxy) and, optionally, the gateway; and which
shards this process runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class Shards:
    """This process's part of a bot split over processes (none given: discord.py runs every shard)."""

    count: int | None = None
    ids: list[int] | None = None
    syncs_commands: bool = True

    def options(self) -> dict[str, Any]:
        """AutoShardedClient's arguments: shard_ids only with shard_count, as discord.py requires."""
        if self.count is None:
            return {}
        return {"shard_count": self.count} | ({"shard_ids": self.ids} if self.ids else {})

    @classmethod
    def of(cls, settings: Settings) -> Shards:
        ids = settings.discord_shards or None
        return cls(settings.discord_shard_count, ids, settings.discord_syncs_commands)
