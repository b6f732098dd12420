"""People using the fake Discord: slash commands, clicks and modals, and what the bot said back."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from typing import Any

from tests.fakes.discord_api import EPHEMERAL, Exchange, FakeDiscord, snowflake
from tests.fakes.discord_payloads import CHANNEL_ID, DiscordUser, interaction

_users = itertools.count(1_400_000_000_000_000_001)
MANAGE_GUILD = 0x20
WAIT = 20.0  # seconds: only a hang ever takes this long


@dataclass(frozen=True)
class Button:
    label: str
    custom_id: str
    disabled: bool


@dataclass(frozen=True)
class Menu:
    """A select menu: its options as (label, value), in order."""

    custom_id: str
    options: list[tuple[str, str]]
    disabled: bool


class Said:
    """The bot's answer to one interaction: its last message-bearing body, and that message as it is now."""

    def __init__(self, fake: FakeDiscord, exchange: Exchange) -> None:
        self.fake = fake
        self.exchange = exchange
        bodies = [body for body in exchange.sent if "embeds" in body or "content" in body]
        self.body: dict[str, Any] = bodies[-1] if bodies else {}

    @property
    def message_id(self) -> str:
        """The message this answer is: a follow-up's own, else the original response (or clicked message)."""
        if self.exchange.message_ids:
            return self.exchange.message_ids[-1]
        assert self.exchange.original_id is not None
        return self.exchange.original_id

    @property
    def message(self) -> dict[str, Any]:
        return self.fake.messages[self.message_id]

    @property
    def text(self) -> str:
        return as_text(self.body)

    @property
    def ephemeral(self) -> bool:
        return bool((self.body.get("flags") or self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def buttons(self) -> list[Button]:
        return buttons_of(self.message)

    @property
    def menus(self) -> list[Menu]:
        return menus_of(self.message)

    @property
    def options(self) -> list[str]:
        """The labels of every select menu option of the message, in order."""
        return [label for menu in self.menus for label, _ in menu.options]

    def button(self, label: str) -> Button:
        found = [b for b in self.buttons if label in b.label]
        assert len(found) == 1, f"no single button {label!r} in {[b.label for b in self.buttons]}: {self.text}"
        return found[0]


def as_text(body: dict[str, Any]) -> str:
    """A message as a reader sees it: text, then each embed's title, description and footer."""
    lines = [body["content"]] if body.get("content") else []
    for embed in body.get("embeds") or []:
        lines += [embed[key] for key in ("title", "description") if embed.get(key)]
        if (embed.get("footer") or {}).get("text"):
            lines.append(embed["footer"]["text"])
    return "\n".join(lines)


def buttons_of(message: dict[str, Any]) -> list[Button]:
    return [
        Button(c.get("label") or "", c["custom_id"], bool(c.get("disabled")))
        for row in message.get("components") or []
        for c in row.get("components") or []
        if c.get("type") == 2
    ]


def menus_of(message: dict[str, Any]) -> list[Menu]:
    return [
        Menu(c["custom_id"], [(o["label"], o["value"]) for o in c.get("options") or []], bool(c.get("disabled")))
        for row in message.get("components") or []
        for c in row.get("components") or []
        if c.get("type") == 3
    ]


class Person:
    """Someone in the fake guild's channel (or, with `in_dms`, in a DM with the bot)."""

    def __init__(self, fake: FakeDiscord, name: str, *, in_dms: bool = False, manages_server: bool = False) -> None:
        self.fake = fake
        permissions = DiscordUser(0, "").permissions | (MANAGE_GUILD if manages_server else 0)
        self.user = DiscordUser(next(_users), name, permissions=permissions)
        self.dm_channel_id = snowflake() if in_dms else None

    @property
    def id(self) -> int:
        return self.user.id

    async def slash(self, name: str, subcommand: str | None = None, **options: str) -> Said:
        command = self._command(name)
        values = [{"name": key, "type": 3, "value": value} for key, value in options.items()]
        if subcommand is not None:
            values = [{"name": subcommand, "type": 1, "options": values}]
        data = {"id": command["id"], "name": name, "type": 1, "options": values}
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self._interact(2, data)

    async def slash_with_file(self, name: str, option: str, attachment: dict[str, Any]) -> Said:
        """A slash command with a file attached (an ATTACHMENT option), as `FakeDiscord.attach` made it."""
        command = self._command(name)
        data = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": [{"name": option, "type": 11, "value": attachment["id"]}],
            "resolved": {"attachments": {attachment["id"]: attachment}},
        }
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self._interact(2, data)

    async def autocomplete(self, name: str, option: str, typed: str) -> list[str]:
        command = self._command(name)
        data = {"id": command["id"], "name": name, "type": 1}
        data["options"] = [{"name": option, "type": 3, "value": typed, "focused": True}]
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        exchange = await self._send(4, data)
        return [choice["name"] for choice in exchange.choices or []]

    async def click(self, said: Said, label: str) -> Said:
        return await self.press(said.message, said.button(label).custom_id)

    async def choose(self, said: Said, label: str) -> Said:
        """Pick the option called `label` in the message's select menus."""
        found = [(m.custom_id, v) for m in said.menus for option, v in m.options if label in option]
        assert len(found) == 1, f"no single option {label!r} in {said.options}: {said.text}"
        (custom_id, value), message = found[0], said.message
        return await self.pick(message, custom_id, value)

    async def pick(self, message: dict[str, Any], custom_id: str, value: str) -> Said:
        """Choose `value` in select menu `custom_id` of `message` (even a value it never offered: forged)."""
        data = {"custom_id": custom_id, "component_type": 3, "values": [value]}
        return await self._interact(3, data, clicked=message)

    async def press(self, message: dict[str, Any], custom_id: str) -> Said:
        """Click the component `custom_id` of `message` (even one the bot never sent: a forged click)."""
        return await self._interact(3, {"custom_id": custom_id, "component_type": 2}, clicked=message)

    async def type_answer(self, said: Said, text: str) -> Said:
        """Press "Answer", type into the modal that opens, and submit it."""
        return await self.submit(said, await self.click(said, "Answer"), text)

    async def submit(self, said: Said, opened: Said, text: str) -> Said:
        """Type `text` into the modal that `opened` shows (opened from the message of `said`) and submit it."""
        modal = opened.exchange.modal
        assert modal is not None, f"no modal opened: {opened.text}"
        (row,) = [c for c in modal["components"] if c["type"] != 10]  # one field beside any text displays
        text_input = row["component"] if row["type"] == 18 else row["components"][0]  # a label, or an action row
        assert len(text) <= text_input.get("max_length", 4000)
        typed = {"type": 4, "custom_id": text_input["custom_id"], "value": text}
        submitted = [{"type": 18, "component": typed} if row["type"] == 18 else {"type": 1, "components": [typed]}]
        data = {"custom_id": modal["custom_id"], "components": submitted}
        return await self._interact(5, data, clicked=said.message)

    def _command(self, name: str) -> dict[str, Any]:
        synced = [c for scope in self.fake.commands.values() for c in scope if c["name"] == name]
        assert synced, f"/{name} was not synced"
        return synced[0]

    async def _interact(self, kind: int, data: dict[str, Any], clicked: dict[str, Any] | None = None) -> Said:
        return Said(self.fake, await self._send(kind, data, clicked))

    async def _send(self, kind: int, data: dict[str, Any], clicked: dict[str, Any] | None = None) -> Exchange:
        interaction_id = snowflake()
        token = f"itoken-{interaction_id}"
        channel = self.dm_channel_id or CHANNEL_ID
        exchange = Exchange(interaction_id, token, self.user, channel, kind)
        if clicked is not None:
            exchange.original_id = clicked["id"]
        self.fake.exchanges[token] = exchange
        payload = interaction(
            interaction_id,
            token,
            kind,
            self.user,
            data,
            dm_channel_id=self.dm_channel_id,
            clicked=clicked,
            app_permissions=self.fake.app_permissions,
        )
        exchange.sent_at, exchange.skipped_at = asyncio.get_running_loop().time(), self.fake.skipped
        await self.fake.send_event("INTERACTION_CREATE", payload)
        await asyncio.wait_for(exchange.done.wait(), WAIT)
        return exchange
