"""Interactions in, engine calls, replies out: slash commands, button clicks and typed answers.

Every interaction is acknowledged within Discord's 3 seconds. An answer is acknowledged once it is graded
(its question's buttons are closed: a refusal that leaves the question open keeps them), and the verdict
follows; a command or a flashcard reveal is answered with its reply when the engine is quick, else deferred
first. In guild channels replies are ephemeral (the
learner's own), in DMs ordinary. An interaction Discord refuses to have answered (too late) is replied to by DM
(late.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

from studybot.adapters import chart
from studybot.adapters.discord.buttons import answer_modal
from studybot.adapters.discord.codec import PUT_OFF, Action, ButtonId
from studybot.adapters.discord.edits import question_of, without
from studybot.adapters.discord.inplace import (
    acknowledge,
    close_answered,
    follow_up,
    grade_in_place,
    hint_in_place,
    private,
    reveal_in_place,
    settle_click,
    tell,
    update_clicked,
)
from studybot.adapters.discord.late import acknowledged, by_dm, defer, first_response, is_late, refused_as_late
from studybot.adapters.discord.message import Outgoing, clip
from studybot.adapters.discord.render import render, stats_with_picture
from studybot.engine.commands import COMMANDS, dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.scoring import RULE as CHALLENGE_POINTS
from studybot.engine.replies import Learner, Level, Notice, Reply, Stats
from studybot.srs import Rating

PLATFORM = "discord"
DEFER_AFTER = 1.5  # seconds: past this the engine call is deferred, well inside Discord's 3 s
SOMEONE_ELSES = "This is someone else's question. Send /quiz for your own."
RETIRED = "That button is not in use any more. Send /quiz for the current question."
BROKEN = "Sorry, something went wrong on my side. Please try again."

log = logging.getLogger(__name__)
T = TypeVar("T")
AnyInteraction = discord.Interaction[Any]


def learner_of(user: discord.abc.User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.display_name)


async def in_time(interaction: AnyInteraction, work: Awaitable[T], *, thinking: bool) -> T:
    """Await `work`; if it is slow, acknowledge the interaction first (a "thinking…" or a silent defer; one
    that fails leaves the reply to be the initial response)."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        await defer(interaction, ephemeral=private(interaction), thinking=thinking)
    return await task


def help_reply() -> Notice:
    lines = ["Commands:"]
    lines += [f"/{command.name} — {command.description}" for command in COMMANDS]
    lines.append("Answer with the buttons under each question; typed answers through its Answer button.")
    lines.append("Decks and settings: pick them from the menus and buttons that /decks and /settings show.")
    lines.append("Marked wrong but you were right? Press “I was right” (once, right after).")
    lines.append(CHALLENGE_POINTS)
    return Notice("\n".join(lines))


async def command(engine: QuizEngine, interaction: AnyInteraction, line: str) -> None:
    """A slash command, as the chat line `line` ("/subscribe physics")."""
    out = await in_time(interaction, _outgoing(engine, interaction, line), thinking=True)
    await answer_with(interaction, out)


async def _outgoing(engine: QuizEngine, interaction: AnyInteraction, line: str) -> Outgoing:
    """The reply to `line`, rendered; /stats with its picture when there is one to draw."""
    reply = await _reply_to(engine, learner_of(interaction.user), line)
    if isinstance(reply, Stats) and reply.chart is not None:
        return stats_with_picture(reply, await chart.draw(reply.chart))
    return render(reply, interaction.user.id)


async def _reply_to(engine: QuizEngine, learner: Learner, line: str) -> Reply:
    if line == "/help":  # the engine's help speaks of typed lines; on Discord answers are buttons and forms
        return help_reply()
    return await dispatch(engine, learner, line)


async def answer_with(interaction: AnyInteraction, out: Outgoing) -> None:
    """Reply to the interaction with a new message (or fill in the "thinking…" one); too late for that, by DM."""
    if is_late(interaction):
        await by_dm(interaction, out.kwargs())
    elif not acknowledged(interaction):
        sent = interaction.response.send_message(**out.kwargs(), ephemeral=private(interaction))
        if not await first_response(interaction, sent):
            await by_dm(interaction, out.kwargs())
    elif acknowledged(interaction) is discord.InteractionResponseType.deferred_channel_message:
        await interaction.edit_original_response(**out.kwargs(edit=True))
    else:
        await interaction.followup.send(**out.kwargs(), ephemeral=private(interaction))


async def click(engine: QuizEngine, interaction: AnyInteraction, button: ButtonId | None) -> None:
    if button is None:
        await tell(interaction, RETIRED)
        return
    if interaction.user.id != button.owner:
        await tell(interaction, SOMEONE_ELSES)
        return
    learner = learner_of(interaction.user)
    match button.action:
        case Action.TYPE:
            form = answer_modal(button.nonce, button.owner, question_of(interaction.message))
            await first_response(interaction, interaction.response.send_modal(form))  # too late: pressed again
        case Action.REVEAL:
            reply = await in_time(interaction, engine.reveal(learner, button.nonce), thinking=False)
            await reveal_in_place(interaction, reply)
        case Action.HINT:
            reply = await in_time(interaction, engine.hint(learner, button.nonce), thinking=False)
            await hint_in_place(interaction, reply)
        case Action.GRADE:
            await grade_in_place(
                interaction, button, await in_time(interaction, act(engine, learner, button), thinking=False)
            )
        case Action.LATER | Action.NOT_TODAY:
            await put_off(engine, interaction, learner, button)
        case Action.CHOOSE:
            result = await in_time(interaction, act(engine, learner, button), thinking=False)
            await close_answered(interaction, button, result)
            await follow_up(interaction, result)
        case _:
            await settle_click(
                interaction, button, await in_time(interaction, act(engine, learner, button), thinking=False)
            )


async def put_off(engine: QuizEngine, interaction: AnyInteraction, learner: Learner, button: ButtonId) -> None:
    """The daily push's "Later (1 h)" or "Not today": both buttons go at once, the engine's answer follows."""
    if interaction.message is None:
        await acknowledge(interaction)
    else:
        await update_clicked(interaction, {"view": without(interaction.message, PUT_OFF)})
    await follow_up(interaction, await engine.put_off(learner, button.nonce, later=button.action is Action.LATER))


async def typed_answer(engine: QuizEngine, interaction: AnyInteraction, nonce: str, owner: int, text: str) -> None:
    if interaction.user.id != owner:
        await tell(interaction, SOMEONE_ELSES)
        return
    result = await in_time(interaction, engine.answer(learner_of(interaction.user), text, nonce), thinking=False)
    await close_answered(interaction, ButtonId(Action.TYPE, nonce, owner), result)
    await follow_up(interaction, result)


async def act(engine: QuizEngine, learner: Learner, button: ButtonId) -> Reply:
    match button.action:
        case Action.CHOOSE:
            return await engine.answer(learner, button.arg, button.nonce)
        case Action.GRADE if button.arg in {str(int(r)) for r in Rating}:
            return await engine.grade(learner, button.nonce, Rating(int(button.arg)))
        case Action.OVERRIDE:
            return await engine.override(learner, button.nonce)
        case Action.EASY:
            return await engine.easy(learner, button.nonce)
        case Action.NEXT:
            return await engine.next(learner)
        case Action.RETENTION if button.arg.isdigit():
            return await engine.change_settings(learner, f"retention {int(button.arg) / 100}")
    return Notice(RETIRED, Level.ERROR)


async def apologise(interaction: AnyInteraction, error: BaseException) -> None:
    """Log a failed interaction and tell the learner, without letting anything escape."""
    if refused_as_late(error):  # Discord has shown them it failed; no reply can reach them by it
        log.info("discord: interaction %s came too late to answer: %s", interaction.id, error)
        return
    log.error("interaction failed: %s: %s", type(error).__name__, clip(str(error), 300), exc_info=error)
    try:
        await tell(interaction, BROKEN)
    except discord.DiscordException as exc:
        log.warning("could not tell the learner about it: %s", exc)
