"""One Discord message as the bot builds it (text, embeds, buttons, files), within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord
from discord.utils import escape_markdown

from studybot.adapters.discord.buttons import QuizButton

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FOOTER_MAX = 2048
LABEL_MAX = 80
EMBEDS_TOTAL_MAX = 6000
BUTTONS_MAX = 25
BUTTONS_PER_ROW = 5

PLAIN = discord.Colour.light_grey()


@dataclass
class Outgoing:
    """One Discord message: text, embeds and buttons (a stopped view: clicks route through QuizButton)."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    buttons: list[QuizButton] = field(default_factory=list)
    files: list[discord.File] = field(default_factory=list)  # attachments an embed may show (attachment://NAME)
    choices: list[discord.ui.Item[Any]] = field(default_factory=list)  # deck menus, settings buttons (choices.py)

    def view(self) -> discord.ui.View | None:
        """The buttons in rows: a row holds one kind only, so "Too easy" under the feedback it corrects never
        sits beside the next question's answers."""
        if not self.buttons and not self.choices:
            return None
        view = discord.ui.View(timeout=None)
        row, in_row, kind = -1, BUTTONS_PER_ROW, None
        for button in self.buttons[:BUTTONS_MAX]:
            if in_row == BUTTONS_PER_ROW or button.kind != kind:
                row, in_row, kind = row + 1, 0, button.kind
            button.row, in_row = row, in_row + 1
            view.add_item(button)
        for item in self.choices:
            view.add_item(item)
        view.stop()  # not kept in memory: the DynamicItem template routes the click
        return view

    def kwargs(self, *, edit: bool = False) -> dict[str, Any]:
        """Keyword arguments for discord.py's send calls, or (`edit`) its edit calls."""
        out: dict[str, Any] = {"content": self.content, "embeds": fit(self.embeds)}
        if self.files:
            out["attachments" if edit else "files"] = self.files
        view = self.view()
        out["view"] = view if view is not None else _no_buttons()
        return out


def _no_buttons() -> discord.ui.View:
    """An empty view: sent with an edit, it removes the message's old buttons."""
    view = discord.ui.View(timeout=None)
    view.stop()
    return view


CUT = "… [cut]"  # where a card's text was shortened to fit a message


def clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def above(text: str, kept: str, limit: int) -> str:
    """`text`, then `kept` on the next line, in `limit` characters: `text` is shortened (marked CUT), not `kept`."""
    room = limit - len(kept) - 1
    if len(text) > room:
        text = text[: max(room - len(CUT), 0)] + CUT
    return f"{text}\n{kept}"


def fit(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Shorten descriptions, last embed first, until all embeds of a message total ≤ 6,000 characters."""
    for embed in reversed(embeds):
        excess = sum(len(e) for e in embeds) - EMBEDS_TOTAL_MAX
        if excess <= 0:
            break
        if embed.description:
            embed.description = clip(embed.description, max(len(embed.description) - excess, 1))
    return embeds


def embed(description: str, *, title: str | None = None, colour: discord.Colour = PLAIN) -> discord.Embed:
    return discord.Embed(
        title=clip(title, TITLE_MAX) if title else None,
        description=clip(description, DESCRIPTION_MAX),
        colour=colour,
    )


def md(value: str) -> str:
    """Card and learner text, shown literally (no accidental bold, links or mentions)."""
    return escape_markdown(value)
