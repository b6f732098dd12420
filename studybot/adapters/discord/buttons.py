"""The components: answer buttons routed by their custom_id (so they outlive a restart) and the answer modal."""

from __future__ import annotations

import re
from typing import Any, Protocol, cast

import discord

from studybot.adapters.discord.codec import BUTTON_TEMPLATE, ButtonId, modal_id

ANSWER_MAX = 4000
MODAL_TIMEOUT = 15 * 60  # an interaction token lasts 15 minutes: a modal cannot be answered after that


class QuizHost(Protocol):
    """What the buttons need from the running bot (the client implements it)."""

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

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(ButtonId.from_match(match), label or "", custom_id=match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await cast(QuizHost, interaction.client).on_quiz_click(interaction, self.button)


class AnswerModal(discord.ui.Modal):
    """The typed answer to a short or cloze question, opened by its "Answer" button."""

    def __init__(self, nonce: str, owner: int) -> None:
        super().__init__(title="Your answer", timeout=MODAL_TIMEOUT, custom_id=modal_id(nonce, owner))
        self.nonce = nonce
        self.owner = owner
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph, max_length=ANSWER_MAX
        )
        self.add_item(discord.ui.Label(text="Your answer", component=self.answer))

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        host = cast(QuizHost, interaction.client)
        await host.on_typed_answer(interaction, self.nonce, self.owner, self.answer.value)
