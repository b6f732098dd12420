"""Taps that choose rather than answer: deck select menus and settings buttons, routed by custom_id.

A deck menu's custom_id says whose it is and whether it is the deck list (`l`, edited in place after each
pick; its part is the page shown) or a "which deck?" question (`q`, closed once answered); each option's
value is `CODE:DECK`, the action a pick takes. A page button carries the page it turns to (and, under a
question, the CODE of the question's action, to ask it again). A settings button carries the `/settings
NAME VALUE` change it makes. Nothing here is trusted: the engine checks every deck and value, as if the
learner had typed the command.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, cast

import discord

from studybot.adapters import text
from studybot.adapters.discord.message import clip
from studybot.engine.replies import DeckAction, DeckList
from studybot.engine.wording import count

MENU_TEMPLATE = r"sbd:(?P<kind>[lq]):(?P<owner>[0-9]{1,20}):(?P<part>[0-9]{1,4})"
PAGE_TEMPLATE = r"sbp:(?P<owner>[0-9]{1,20}):(?P<page>[0-9]{1,4})(?::(?P<code>[a-z]))?"
SETTING_TEMPLATE = r"sbt:(?P<owner>[0-9]{1,20}):(?P<name>[a-z]{1,12})=(?P<value>[A-Za-z0-9_/+:.-]{1,40})"
OPTIONS_MAX = 25  # per select menu
MENUS_MAX = 5  # one per action row
OPTION_TEXT_MAX = 100
CODES = {
    DeckAction.SUBSCRIBE: "s",
    DeckAction.UNSUBSCRIBE: "u",
    DeckAction.CRAM: "k",
    DeckAction.STUDY: "q",
}
ACTIONS = {code: action for action, code in CODES.items()}
LIST, QUESTION = "l", "q"


class ChoiceHost(Protocol):
    async def on_deck_pick(self, interaction: discord.Interaction[Any], menu: DeckMenu) -> None: ...

    async def on_setting(self, interaction: discord.Interaction[Any], button: SettingButton) -> None: ...

    async def on_deck_page(self, interaction: discord.Interaction[Any], button: DeckPage) -> None: ...


class DeckMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=MENU_TEMPLATE):
    def __init__(self, kind: str, owner: int, part: int, options: list[discord.SelectOption] | None = None) -> None:
        placeholder = "Choose a deck" if kind == QUESTION else "Tap a deck to subscribe or leave it"
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"sbd:{kind}:{owner}:{part}", placeholder=placeholder, options=options or []
        )
        super().__init__(select)
        self.kind, self.owner, self.part = kind, owner, part

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DeckMenu:
        options = item.options if isinstance(item, discord.ui.Select) else []
        return cls(match["kind"], int(match["owner"]), int(match["part"]), list(options))

    def picked(self) -> tuple[DeckAction, str] | None:
        """The action and deck of the option chosen; None for a value this version does not know."""
        values = self.item.values
        code, _, deck = (values[0] if values else "").partition(":")
        action = ACTIONS.get(code)
        return None if action is None or not deck else (action, deck)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await cast(ChoiceHost, interaction.client).on_deck_pick(interaction, self)


class SettingButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=SETTING_TEMPLATE):
    def __init__(self, owner: int, name: str, value: str, label: str = "") -> None:
        custom_id = f"sbt:{owner}:{name}={value}"
        super().__init__(discord.ui.Button(label=clip(label or value, 80), custom_id=custom_id))
        self.owner, self.name, self.value = owner, name, value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SettingButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(int(match["owner"]), match["name"], match["value"], label or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await cast(ChoiceHost, interaction.client).on_setting(interaction, self)


class DeckPage(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAGE_TEMPLATE):
    """ "Previous" or "Next" under a page of the deck list, or of a "which deck?" question doing `question`:
    it turns to `page` (counted from 0)."""

    def __init__(self, owner: int, page: int, label: str = "", question: DeckAction | None = None) -> None:
        custom_id = f"sbp:{owner}:{page}" + (f":{CODES[question]}" if question is not None else "")
        super().__init__(discord.ui.Button(label=label or str(page + 1), custom_id=custom_id))
        self.owner, self.page, self.question = owner, page, question

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DeckPage:
        return cls(int(match["owner"]), int(match["page"]), question=ACTIONS.get(match["code"] or ""))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await cast(ChoiceHost, interaction.client).on_deck_page(interaction, self)


def deck_menus(decks: DeckList, owner: int, page: slice | None = None, number: int = 0) -> list[DeckMenu]:
    """The decks as select menus of ≤ 25 options, the "all decks" option first: one page of the deck list
    (the decks in `page`; its `number` in the custom_id) in one menu, or every deck of a question."""
    options = []
    if (every := decks.everything) is not None:
        options.append(discord.SelectOption(label=text.everything_label(every), value=f"{CODES[every]}:all"))
    for deck in decks.decks[page or slice(None)]:
        action = decks.action(deck)
        value = f"{CODES[action]}:{deck.id}"
        verb = text.PICK_LABELS[action] + (" (your progress is kept)" if action is DeckAction.UNSUBSCRIBE else "")
        description = clip(f"{verb} · {count(deck.cards, 'card')} · {deck.id}", OPTION_TEXT_MAX)
        label = clip(text.deck_label(deck, action), OPTION_TEXT_MAX)
        options.append(discord.SelectOption(label=label, value=value, description=description))
    kind = LIST if decks.pick is None else QUESTION
    if page is not None:
        return [DeckMenu(kind, owner, number, options)]
    chunks = [options[i : i + OPTIONS_MAX] for i in range(0, len(options), OPTIONS_MAX)]
    return [DeckMenu(kind, owner, part, chunk) for part, chunk in enumerate(chunks)]
