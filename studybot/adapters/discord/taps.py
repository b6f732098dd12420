"""Deck menu picks and settings buttons: the engine acts as if the command were typed, and the message
the tap was made on is kept current — the deck list and settings are redrawn in place, a "which deck?"
question is closed with what was done, and whatever the tap started (a question) follows as a new message.
"""

from __future__ import annotations

from typing import Any

import discord

from studybot.adapters.discord.choices import LIST, DeckMenu, DeckPage, SettingButton
from studybot.adapters.discord.decklist import deck_list
from studybot.adapters.discord.handlers import (
    RETIRED,
    SOMEONE_ELSES,
    AnyInteraction,
    in_time,
    learner_of,
)
from studybot.adapters.discord.inplace import follow_up, tell, update_clicked
from studybot.adapters.discord.message import CONTENT_MAX, Outgoing, clip, md
from studybot.adapters.discord.render import render
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DeckAction, DeckList, Learner, Level, Notice, Reply, SettingsView


async def deck_pick(engine: QuizEngine, interaction: AnyInteraction, menu: DeckMenu) -> None:
    picked = menu.picked()
    if picked is None:
        await tell(interaction, RETIRED)
        return
    if interaction.user.id != menu.owner:
        await tell(interaction, SOMEONE_ELSES)
        return
    learner = learner_of(interaction.user)
    reply, decks = await in_time(interaction, _picked(engine, learner, picked, menu.kind), thinking=False)
    said = _said(reply)
    if said is not None and said.level is Level.ERROR:
        await tell(interaction, said.text)
    elif said is not None and isinstance(decks, DeckList):
        out = deck_list(decks, interaction.user.id, menu.part)  # the page the pick was made on
        out.content = clip(md(said.text), CONTENT_MAX)
        await _update(interaction, out)
    elif said is not None:
        await _update(interaction, Outgoing(content=clip("✓ " + md(said.text), CONTENT_MAX)))
    else:
        await _close(interaction)
        await follow_up(interaction, reply)


async def deck_page(engine: QuizEngine, interaction: AnyInteraction, button: DeckPage) -> None:
    """ "Previous" or "Next" under the deck list (or a "which deck?" question, asked again): that page of it,
    drawn afresh, the text above kept."""
    if interaction.user.id != button.owner:
        await tell(interaction, SOMEONE_ELSES)
        return
    learner = learner_of(interaction.user)
    asked = engine.decks(learner) if button.question is None else engine.pick_deck(learner, button.question, "")
    decks = await in_time(interaction, asked, thinking=False)
    if not isinstance(decks, DeckList):
        await tell(interaction, decks.text if isinstance(decks, Notice) else RETIRED)
        return
    out = deck_list(decks, interaction.user.id, button.page)
    out.content = (interaction.message.content or None) if interaction.message is not None else None
    await _update(interaction, out)


async def _picked(
    engine: QuizEngine, learner: Learner, picked: tuple[DeckAction, str], kind: str
) -> tuple[Reply, Reply | None]:
    """The engine's reply to a pick and, for a pick in the deck list that it took, the list to redraw: both
    calls inside one acknowledgement deadline."""
    reply = await engine.pick_deck(learner, *picked)
    said = _said(reply)
    taken = said is not None and said.level is Level.INFO and kind == LIST
    return reply, (await engine.decks(learner) if taken else None)


def _said(reply: Reply) -> Notice | None:
    """A reply that only says something (no question follows)."""
    return reply if isinstance(reply, Notice) and reply.next is None else None


async def setting(engine: QuizEngine, interaction: AnyInteraction, button: SettingButton) -> None:
    if interaction.user.id != button.owner:
        await tell(interaction, SOMEONE_ELSES)
        return
    change = f"{button.name} {button.value}"
    reply: Reply = await in_time(
        interaction, engine.change_settings(learner_of(interaction.user), change), thinking=False
    )
    if isinstance(reply, SettingsView):
        await _update(interaction, render(reply, interaction.user.id))
    else:
        await tell(interaction, reply.text if isinstance(reply, Notice) else RETIRED)


async def _update(interaction: AnyInteraction, out: Outgoing) -> None:
    """Redraw the message the tap was made on (its embeds stay unless `out` brings new ones)."""
    changes: dict[str, Any] = out.kwargs(edit=True)
    if not out.embeds:
        changes.pop("embeds")
    await update_clicked(interaction, changes)


async def _close(interaction: AnyInteraction) -> None:
    """The question is answered: its menu goes, the rest of the message stays."""
    empty = discord.ui.View(timeout=None)
    empty.stop()
    await update_clicked(interaction, {"view": empty})
