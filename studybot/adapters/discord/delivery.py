"""Pushes to Discord learners: a direct message with the question's embed and buttons."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import discord

from studybot.adapters.discord.endpoints import point_at
from studybot.adapters.discord.render import render
from studybot.config import Settings
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Reply
from studybot.push.delivery import Delivery, DeliveryResult

PLATFORM = "discord"
CANNOT_MESSAGE_USER = 50007
TOO_MANY_REQUESTS = 429
SERVER_ERROR = 500
log = logging.getLogger(__name__)


def push_nonce(external_id: str, reply: Reply) -> int:
    """The same for each attempt at one push: discord.py sends it with `enforce_nonce`, so when an attempt
    timed out after Discord had created the message, the next attempt gets that message back instead of
    posting a second copy (Discord remembers a nonce for a few minutes; the retries come within them)."""
    digest = hashlib.blake2b(f"{external_id}|{reply!r}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # a positive 63-bit integer


class DiscordDelivery:
    """Delivers through a logged-in client; a gateway connection is not needed (REST only)."""

    platform = PLATFORM

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def deliver(self, external_id: str, reply: Reply) -> DeliveryResult:
        try:
            user_id = int(external_id)
            channel = await self._client.create_dm(discord.Object(user_id))
            await channel.send(nonce=push_nonce(external_id, reply), **render(reply, user_id).kwargs())
        except discord.Forbidden as exc:
            if exc.code == CANNOT_MESSAGE_USER:  # DMs closed, bot blocked, or no server in common
                log.info("discord learner %s cannot be messaged (code %s)", external_id, exc.code)
                return DeliveryResult.BLOCKED
            log.warning("discord delivery to %s refused: 403 %s", external_id, exc.code)  # the bot's trouble
            return DeliveryResult.FAILED
        except discord.NotFound:  # the account no longer exists
            return DeliveryResult.BLOCKED
        except discord.HTTPException as exc:
            log.warning("discord delivery to %s failed: %s %s", external_id, exc.status, exc.code)
            if exc.status == TOO_MANY_REQUESTS:  # refused, so surely not posted: anyone may send it afresh
                return DeliveryResult.NOT_SENT
            return DeliveryResult.RETRY if exc.status >= SERVER_ERROR else DeliveryResult.FAILED
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            log.warning("discord delivery to %s failed: %s", external_id, type(exc).__name__)
            return DeliveryResult.RETRY
        except (ValueError, TypeError) as exc:
            log.error("discord delivery to %s impossible: %s", external_id, exc)
            return DeliveryResult.FAILED
        return DeliveryResult.SENT


@asynccontextmanager
async def open_delivery(settings: Settings, engine: QuizEngine | None = None) -> AsyncIterator[Delivery]:
    """A Delivery for another process (`studybot push --once`): logs in over REST, no gateway. (`engine` is
    Telegram's business: a Discord question is answered by its own buttons, nothing is noted.)"""
    if settings.discord_bot_token is None:
        raise RuntimeError("DISCORD_BOT_TOKEN is not set")
    point_at(settings)
    client = discord.Client(intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none())
    async with client:
        await client.login(settings.discord_bot_token.get_secret_value())
        yield DiscordDelivery(client)
