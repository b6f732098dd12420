"""Gateway and REST objects as Discord sends them, with only the fields discord.py reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

APP_ID = "1100000000000000001"
GUILD_ID = "1200000000000000001"
CHANNEL_ID = "1200000000000000002"
NOW = "2026-03-02T08:00:00.000000+00:00"


@dataclass(frozen=True)
class DiscordUser:
    id: int
    name: str
    bot: bool = False
    permissions: int = 2248473465835073  # in the guild's channel; MANAGE_GUILD (0x20) makes a server admin
    roles: tuple[str, ...] = ()  # role ids

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name.capitalize(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.payload(),
            "roles": list(self.roles),
            "joined_at": NOW,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "permissions": str(self.permissions),
            "nick": None,
            "avatar": None,
            "communication_disabled_until": None,
        }


BOT = DiscordUser(int(APP_ID), "studybot", bot=True)


def application() -> dict[str, Any]:
    return {
        "id": APP_ID,
        "name": "studybot",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": {**DiscordUser(1, "owner").payload()},
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
        "team": None,
    }


def ready(gateway_url: str) -> dict[str, Any]:
    return {
        "v": 10,
        "user": BOT.payload(),
        "guilds": [{"id": GUILD_ID, "unavailable": True}],
        "session_id": "fake-session",
        "resume_gateway_url": gateway_url,
        "shard": [0, 1],
        "application": {"id": APP_ID, "flags": 0},
        "private_channels": [],
        "relationships": [],
    }


def guild_channel() -> dict[str, Any]:
    return {
        "id": CHANNEL_ID,
        "type": 0,
        "guild_id": GUILD_ID,
        "name": "study-hall",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild_create() -> dict[str, Any]:
    everyone = {
        "id": GUILD_ID,
        "name": "@everyone",
        "permissions": "2248473465835073",
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    return {
        "id": GUILD_ID,
        "name": "Study group",
        "unavailable": False,
        "owner_id": "1",
        "member_count": 3,
        "large": False,
        "joined_at": NOW,
        "channels": [guild_channel()],
        "threads": [],
        "roles": [everyone],
        "members": [BOT.member()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "icon": None,
        "splash": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
    }


def dm_channel(channel_id: str, user: DiscordUser) -> dict[str, Any]:
    return {"id": channel_id, "type": 1, "recipients": [user.payload()], "last_message_id": None}


def message(message_id: str, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": message_id,
        "channel_id": channel_id,
        "type": 0,
        "content": body.get("content") or "",
        "author": BOT.payload(),
        "attachments": body.get("attachments") or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": NOW,
        "edited_timestamp": None,
        "flags": body.get("flags") or 0,
    }


APP_PERMISSIONS = 2248473465835073  # what the bot may do in the guild's channel (Embed Links among them)
EMBED_LINKS = 1 << 14


def interaction(
    interaction_id: str,
    token: str,
    kind: int,
    user: DiscordUser,
    data: dict[str, Any],
    *,
    dm_channel_id: str | None = None,
    clicked: dict[str, Any] | None = None,
    app_permissions: int = APP_PERMISSIONS,
) -> dict[str, Any]:
    """An INTERACTION_CREATE: in the guild's channel, or in the user's DMs when `dm_channel_id` is given;
    `app_permissions`: what the bot may do there."""
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": APP_ID,
        "type": kind,
        "data": data,
        "token": token,
        "version": 1,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "attachment_size_limit": 8388608,
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID} if dm_channel_id is None else {"1": str(user.id)},
    }
    if dm_channel_id is None:
        channel = guild_channel()
        payload |= {"guild_id": GUILD_ID, "guild_locale": "en-US", "member": user.member(), "context": 0}
    else:
        channel = dm_channel(dm_channel_id, user)
        payload |= {"user": user.payload(), "context": 1}
    payload |= {"channel": channel, "channel_id": channel["id"]}
    if clicked is not None:
        payload["message"] = clicked
    return payload
