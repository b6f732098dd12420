"""Answering a click on a quiz message: acknowledged at once, the message changed in place where the answer
belongs there (a reveal, a hint, a grade), and anything new as a follow-up; in guilds only the learner sees it."""

from __future__ import annotations

from typing import Any

import discord

from studybot.adapters.discord.codec import CORRECTIONS, PUT_OFF, Action, ButtonId
from studybot.adapters.discord.edits import answered, coloured, corrected, graded, hinted, still_open
from studybot.adapters.discord.late import acknowledged, by_dm, first_response, is_late
from studybot.adapters.discord.message import EMBEDS_TOTAL_MAX
from studybot.adapters.discord.render import answer_embed, render
from studybot.engine.answering import STALE
from studybot.engine.engine import BUSY, FULL, UNAVAILABLE
from studybot.engine.replies import Feedback, GradeButtons, Level, Notice, Reply

AnyInteraction = discord.Interaction[Any]
TRANSIENT = (BUSY, FULL, UNAVAILABLE)  # the engine's refusals that another try may not meet


def private(interaction: AnyInteraction) -> bool:
    """In a guild channel, replies are seen only by the learner; a DM is private already."""
    return interaction.guild_id is not None


async def tell(interaction: AnyInteraction, text: str) -> None:
    """A short ephemeral explanation that changes nothing."""
    if is_late(interaction):
        await by_dm(interaction, {"content": text})
    elif acknowledged(interaction):
        await interaction.followup.send(text, ephemeral=True)
    elif not await first_response(interaction, interaction.response.send_message(text, ephemeral=True)):
        await by_dm(interaction, {"content": text})


async def settle_click(interaction: AnyInteraction, pressed: ButtonId, result: Reply) -> None:
    """ "I was right", "Too easy", "Next" or a retention choice, once the engine has answered: the buttons
    close (a correction also rewrites its verdict, in the same edit) and the reply follows. When the engine
    could not take the click (its database busy or unreachable) the buttons stay, for another try."""
    message = interaction.message
    if message is None or result in TRANSIENT:
        await acknowledge(interaction)
        await follow_up(interaction, result)
        return
    changes: dict[str, Any] = {"view": answered(message, pressed)}
    if pressed.action in CORRECTIONS and isinstance(result, Notice) and result.level is Level.INFO:
        await update_clicked(interaction, {**changes, "embeds": corrected(message, pressed, result)})
        return
    await update_clicked(interaction, changes)
    await follow_up(interaction, result)


def ends_question(reply: Reply) -> bool:
    """Whether the reply to an answer closes its question: a grade does, and so does a refusal because the
    question is no longer open; any other refusal (the database busy or unreachable, a typed answer that is no
    answer) leaves the question open, its buttons live, for the learner to try again."""
    return not (isinstance(reply, Notice) and reply.level is Level.ERROR and reply.text != STALE)


async def close_answered(interaction: AnyInteraction, pressed: ButtonId, result: Reply) -> None:
    """An answer's acknowledgement once the engine has taken it (milliseconds; `in_time` acknowledges first
    when it takes longer): one edit closes the question's buttons and colours a choice, the right one green, a
    wrong pick red. Closing first and colouring after cost a second request per click. An answer not taken
    changes nothing on the message, and neither does a second click on the answer just given (a double
    click): its message, as the click saw it, predates the first click's edit, which stays."""
    message = interaction.message
    double = isinstance(result, Notice) and result.answered_already
    if message is None or double or not ends_question(result):
        await acknowledge(interaction)
        return
    if isinstance(result, Feedback) and pressed.action is Action.CHOOSE:
        await update_clicked(interaction, {"view": coloured(message, pressed, result)})
    else:
        await update_clicked(interaction, {"view": answered(message, pressed)})


async def follow_up(interaction: AnyInteraction, reply: Reply) -> None:
    """The engine's reply to an answer; a refusal (stale question, double click) only to the learner."""
    out = render(reply, interaction.user.id)
    if is_late(interaction):
        await by_dm(interaction, out.kwargs())
        return
    refusal = isinstance(reply, Notice) and reply.level is Level.ERROR and reply.next is None
    await interaction.followup.send(**out.kwargs(), ephemeral=refusal or private(interaction))


async def reveal_in_place(interaction: AnyInteraction, reply: Reply) -> None:
    """A flashcard's back joins its front in the same message, with the self-grade buttons; the message's
    text and a daily push's "Later" and "Not today" stay."""
    out = render(reply, interaction.user.id)
    message = interaction.message
    if not isinstance(reply, GradeButtons) or message is None:
        await tell(interaction, out.content or "")
        return
    out.content = message.content or None  # what the message says above the card stays
    room = EMBEDS_TOTAL_MAX - sum(len(e) for e in message.embeds)  # the back is shortened to fit, not its question
    out.embeds = [*message.embeds, answer_embed(reply, room)]
    out.buttons = still_open(message, CORRECTIONS) + out.buttons + still_open(message, PUT_OFF)
    await update_clicked(interaction, out.kwargs())


async def hint_in_place(interaction: AnyInteraction, reply: Notice) -> None:
    """A hint joins its question in the question's own message (a ruled-out choice's button disabled)."""
    if reply.level is Level.ERROR or interaction.message is None:
        await tell(interaction, reply.text)
        return
    await update_clicked(interaction, hinted(interaction.message, reply, interaction.user.id).kwargs(edit=True))


async def grade_in_place(interaction: AnyInteraction, pressed: ButtonId, reply: Reply) -> None:
    """A flashcard's grade is said once, where it asked how well the card was recalled; what comes next
    follows as a new message."""
    message = interaction.message
    if message is None:
        await follow_up(interaction, reply)
        return
    if isinstance(reply, Feedback):
        await update_clicked(interaction, {"embeds": graded(message, reply), "view": answered(message, pressed)})
        if reply.next is not None:
            await follow_up(interaction, reply.next)
        return
    if ends_question(reply):
        await update_clicked(interaction, {"view": answered(message, pressed)})
    else:
        await acknowledge(interaction)
    await follow_up(interaction, reply)


async def update_clicked(interaction: AnyInteraction, changes: dict[str, Any]) -> None:
    """Edit the message whose button was pressed (too late for that, what the edit says comes by DM)."""
    if is_late(interaction):
        await by_dm(interaction, changes)
    elif acknowledged(interaction):
        await interaction.edit_original_response(**changes)
    elif not await first_response(interaction, interaction.response.edit_message(**changes)):
        await by_dm(interaction, changes)


async def acknowledge(interaction: AnyInteraction) -> None:
    """Acknowledge the click, leaving its message as it is."""
    if not acknowledged(interaction) and not is_late(interaction):
        await first_response(interaction, interaction.response.defer())
