"""The components: answer buttons routed by their custom_id (so they outlive a restart) and the answer modal."""

from __future__ import annotations

import re
from typing import Any, Protocol, cast

import discord

from studybot.adapters.discord.codec import (
    BUTTON_TEMPLATE,
    CORRECTIONS,
    MODAL_TEMPLATE,
    PUT_OFF,
    Action,
    ButtonId,
    modal_id,
)

ANSWER_MAX = 4000
TEXT_DISPLAY_MAX = 4000
TEXT_INPUT = 4  # component type
_MODAL = re.compile(MODAL_TEMPLATE)


class QuizHost(Protocol):
    """What a button needs from the running bot (the client implements it)."""

    async def on_quiz_click(self, interaction: discord.Interaction[Any], button: ButtonId | None) -> None: ...

    async def on_typed_answer(
        self, interaction: discord.Interaction[Any], nonce: str, owner: int, text: str
    ) -> None: ...


class QuizButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    def __init__(
        self,
        button: ButtonId | None,
        label: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        *,
        disabled: bool = False,
        custom_id: str | None = None,
    ) -> None:
        custom_id = custom_id or (button.encode() if button else "")
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id, disabled=disabled))
        self.button = button  # None: an action this version does not know (a later version's button)

    @property
    def kind(self) -> str:
        """Buttons of one kind share action rows: answers to a question, corrections of a grade, a hint, or a
        daily push's "Later" and "Not today"."""
        action = self.button.action if self.button is not None else None
        if action in CORRECTIONS:
            return "correction"
        return "hint" if action is Action.HINT else "put off" if action in PUT_OFF else "answer"

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(ButtonId.from_match(match), label or "", custom_id=match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await cast(QuizHost, interaction.client).on_quiz_click(interaction, self.button)


def answer_modal(nonce: str, owner: int, question: str) -> discord.ui.Modal:
    """The form for a typed answer: the question (markdown, as the message shows it) above the answer field.
    It is stopped before it is sent, so discord.py keeps nothing in memory: its submission is routed by its
    custom_id (see `typed_answer_of`), and so survives a restart too."""
    modal = discord.ui.Modal(title="Your answer", custom_id=modal_id(nonce, owner))
    field = discord.ui.TextInput[discord.ui.Modal](style=discord.TextStyle.paragraph, max_length=ANSWER_MAX)
    if question:
        shown = question if len(question) <= TEXT_DISPLAY_MAX else question[: TEXT_DISPLAY_MAX - 1] + "…"
        modal.add_item(discord.ui.TextDisplay(shown))
    modal.add_item(discord.ui.Label(text="Your answer", component=field))
    modal.stop()
    return modal


def typed_answer_of(interaction: discord.Interaction[Any]) -> tuple[str, int, str] | None:
    """(nonce, owner, text) of a submitted answer form; None for any other interaction."""
    if interaction.type is not discord.InteractionType.modal_submit or not interaction.data:
        return None
    match = _MODAL.fullmatch(str(interaction.data.get("custom_id", "")))
    if match is None:
        return None
    return match["nonce"], int(match["owner"]), _text_value(interaction.data.get("components", []))


def _text_value(components: Any) -> str:
    """The first text input's value, wherever the form nests it (labels or action rows)."""
    for component in components or []:
        if component.get("type") == TEXT_INPUT:
            return str(component.get("value") or "")
        nested = component.get("components") or ([component["component"]] if "component" in component else [])
        if value := _text_value(nested):
            return value
    return ""
