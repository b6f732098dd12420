"""Settings read from the environment and `.env`. Building a Settings object is the only I/O here."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfoNotFoundError

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from studybot.zones import zone

APP_NAME = "studybot"
ENV_FILE = ".env"  # in the working directory

_ADMIN_RE = re.compile(r"^(telegram|discord):\d+$")
OFFICIAL_BOT_API = "api.telegram.org"
WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})  # the ports Telegram's servers post webhooks to
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as a webhook secret_token
_DURATION_RE = re.compile(r"^(\d+)\s*(s|m|h|d)?$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def default_database_path() -> Path:
    """`studybot.db` in the user's data directory (e.g. ~/.local/share/studybot), not wherever one stands."""
    return platformdirs.user_data_path(APP_NAME) / "studybot.db"


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{default_database_path()}"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore", populate_by_name=True, env_ignore_empty=True)

    database_url: str = Field(default_factory=default_database_url, validation_alias=_env("STUDYBOT_DATABASE_URL"))
    decks_dir: str | None = Field(None, validation_alias=_env("STUDYBOT_DECKS_DIR"))  # None: the bundled decks
    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_base_url: str = Field("https://api.telegram.org/bot", validation_alias=_env("STUDYBOT_TELEGRAM_BASE_URL"))
    # python-telegram-bot's base_file_url; unset: derived from the base URL (…/bot → …/file/bot)
    telegram_base_file_url: str | None = Field(None, validation_alias=_env("STUDYBOT_TELEGRAM_BASE_FILE_URL"))
    telegram_webhook_url: str | None = Field(None, validation_alias=_env("STUDYBOT_TELEGRAM_WEBHOOK_URL"))
    telegram_webhook_secret: SecretStr | None = Field(None, validation_alias=_env("STUDYBOT_TELEGRAM_WEBHOOK_SECRET"))
    # Behind a load balancer or reverse proxy the webhook server listens on every interface by default.
    telegram_webhook_listen: str = Field("0.0.0.0", validation_alias=_env("STUDYBOT_TELEGRAM_WEBHOOK_LISTEN"))  # noqa: S104
    telegram_webhook_port: int = Field(8443, ge=1, le=65535, validation_alias=_env("STUDYBOT_TELEGRAM_WEBHOOK_PORT"))
    discord_bot_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_BOT_TOKEN"))
    discord_api_base: str = Field("https://discord.com/api/v10", validation_alias=_env("STUDYBOT_DISCORD_API_BASE"))
    discord_gateway_url: str | None = Field(None, validation_alias=_env("STUDYBOT_DISCORD_GATEWAY_URL"))
    discord_guild_id: int | None = Field(None, validation_alias=_env("STUDYBOT_DISCORD_GUILD_ID"))
    # A bot split over processes: each runs some of the shards (`0,1` here, `2,3` there) of SHARD_COUNT.
    discord_shard_count: int | None = Field(None, ge=1, validation_alias=_env("STUDYBOT_DISCORD_SHARD_COUNT"))
    discord_shard_ids: str = Field("", validation_alias=_env("STUDYBOT_DISCORD_SHARD_IDS"))
    admins: str = Field("", validation_alias=_env("STUDYBOT_ADMINS"))
    default_timezone: str = Field("UTC", validation_alias=_env("STUDYBOT_DEFAULT_TIMEZONE"))
    push_time: time = Field(time(9, 0), validation_alias=_env("STUDYBOT_PUSH_TIME"))
    push_grace: timedelta = Field(timedelta(hours=2), validation_alias=_env("STUDYBOT_PUSH_GRACE"))
    # learners' own deck files: checked from the size the platform announces, before downloading
    upload_max_bytes: int = Field(10 * 1024 * 1024, ge=1, validation_alias=_env("STUDYBOT_UPLOAD_MAX_BYTES"))
    upload_max_cards: int = Field(5_000, ge=1, validation_alias=_env("STUDYBOT_UPLOAD_MAX_CARDS"))
    max_decks_per_learner: int = Field(50, ge=1, validation_alias=_env("STUDYBOT_MAX_DECKS_PER_LEARNER"))
    optimize: Literal["auto", "off"] = Field("auto", validation_alias=_env("STUDYBOT_OPTIMIZE"))
    challenge_seconds: int = Field(20, ge=5, le=3600, validation_alias=_env("STUDYBOT_CHALLENGE_SECONDS"))
    discord_admin_role: str | None = Field(None, validation_alias=_env("STUDYBOT_DISCORD_ADMIN_ROLE"))

    @field_validator("push_grace", mode="before")
    @classmethod
    def _parse_duration(cls, value: Any) -> Any:
        """ "2h", "90m", "45s", "1d" or plain seconds; anything pydantic reads as a timedelta also works."""
        if isinstance(value, str) and (match := _DURATION_RE.match(value.strip().lower())):
            return timedelta(seconds=int(match[1]) * _UNIT_SECONDS[match[2] or "s"])
        return value

    @field_validator("admins")
    @classmethod
    def _check_admins(cls, value: str) -> str:
        for item in _split(value):
            if not _ADMIN_RE.match(item):
                raise ValueError(f"{item!r} is not of the form telegram:ID or discord:ID")
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_RE.match(value.get_secret_value()):
            raise ValueError("STUDYBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError(
                "STUDYBOT_TELEGRAM_WEBHOOK_URL needs STUDYBOT_TELEGRAM_WEBHOOK_SECRET too "
                "(without it anyone who finds the URL could answer for your learners)"
            )
        return self

    @model_validator(mode="after")
    def _webhook_telegram_can_reach(self) -> Settings:
        """Telegram's own Bot API posts only to HTTPS on ports 443, 80, 88 or 8443 (a local Bot API server,
        STUDYBOT_TELEGRAM_BASE_URL, posts anywhere): said at startup, not as setWebhook's refusal."""
        if not self.telegram_webhook_url:
            return self
        url = urlsplit(self.telegram_webhook_url)
        if url.scheme not in ("http", "https") or not url.hostname:  # "bot.example.org/hook": a path, to urlsplit
            raise ValueError("STUDYBOT_TELEGRAM_WEBHOOK_URL must be a full URL, such as https://bot.example.org/hook")
        if urlsplit(self.telegram_base_url).hostname != OFFICIAL_BOT_API:
            return self
        try:
            port = url.port or (443 if url.scheme == "https" else 80)
        except ValueError:
            port = 0
        if url.scheme != "https" or port not in WEBHOOK_PORTS:
            raise ValueError(
                "STUDYBOT_TELEGRAM_WEBHOOK_URL must be https:// on port 443, 80, 88 or 8443 for Telegram to post to it"
            )
        return self

    @model_validator(mode="after")
    def _check_shards(self) -> Settings:
        ids, count = self.discord_shards, self.discord_shard_count
        if ids and count is None:
            raise ValueError(
                "STUDYBOT_DISCORD_SHARD_IDS needs STUDYBOT_DISCORD_SHARD_COUNT (the shards of all processes)"
            )
        if ids and count is not None and (len(set(ids)) != len(ids) or not all(0 <= i < count for i in ids)):
            raise ValueError(f"STUDYBOT_DISCORD_SHARD_IDS must be distinct numbers from 0 to {count - 1}")
        return self

    @property
    def discord_shards(self) -> list[int]:
        """This process's shard ids; empty: all of them."""
        try:
            return [int(item) for item in _split(self.discord_shard_ids)]
        except ValueError:
            raise ValueError("STUDYBOT_DISCORD_SHARD_IDS must be a comma list of numbers, such as 0,1") from None

    @property
    def discord_syncs_commands(self) -> bool:
        """One process syncs the slash commands: the one running shard 0 (or the only one)."""
        return not self.discord_shards or 0 in self.discord_shards

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            zone(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @property
    def admin_ids(self) -> frozenset[str]:
        """Admin identities as `platform:id` strings."""
        return frozenset(_split(self.admins))

    def is_admin(self, platform: str, external_id: str) -> bool:
        return f"{platform}:{external_id}" in self.admin_ids


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
