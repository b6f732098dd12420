"""A quiz message as it changes after a click: its answered buttons closed and coloured, a corrected grade
in place of the one it corrects, and the pieces of it that a reply reuses (the question, open buttons)."""

from __future__ import annotations

import discord

from studybot.adapters.discord.buttons import QuizButton
from studybot.adapters.discord.codec import CORRECTIONS, PUT_OFF, Action, ButtonId
from studybot.adapters.discord.message import DESCRIPTION_MAX, EMBEDS_TOTAL_MAX, Outgoing, above, clip, fit, md
from studybot.adapters.discord.questions import add_prompt, choice_label
from studybot.adapters.discord.render import RECALL, REFRESHED, graded_lines
from studybot.engine.replies import Feedback, Notice

SCHEDULE = "Rated "  # how feedback's schedule line starts (adapters.text.schedule)


def graded(message: discord.Message, feedback: Feedback) -> list[discord.Embed]:
    """The flashcard message's embeds with "How well did you recall it?" replaced by the grade it got (and
    the note that its intervals were shown anew dropped). The grade is longer than the question it replaces:
    in a message already near Discord's 6,000 characters, the card's text above it is shortened, not the grade."""
    embeds = message.embeds
    for embed in embeds:
        lines = (embed.description or "").split("\n")
        if RECALL in lines:
            at = lines.index(RECALL)
            below = [line for line in lines[at + 1 :] if line != REFRESHED]  # answered: no longer news
            grade = "\n".join([*graded_lines(feedback), *below])
            others = sum(len(e) for e in embeds) - len(embed.description or "")  # titles, footers, other embeds
            limit = min(EMBEDS_TOTAL_MAX - others, DESCRIPTION_MAX)
            embed.description = above("\n".join(lines[:at]), grade, limit)
    return fit(embeds)


def corrected(message: discord.Message | None, pressed: ButtonId, notice: Notice) -> list[discord.Embed]:
    """The message's embeds with the corrected feedback's "Rated …" line replaced by the correction (within
    Discord's 6,000 characters of embeds)."""
    embeds = message.embeds if message is not None else []
    mark = "✋" if pressed.action is Action.OVERRIDE else "😌"
    for embed in embeds:
        lines = (embed.description or "").split("\n")
        at = next((i for i, line in enumerate(lines) if line.startswith(SCHEDULE)), None)
        if at is not None:
            lines[at] = f"{mark} {md(notice.text)}"
            embed.description = "\n".join(lines)
            break
    return fit(embeds)


def coloured(message: discord.Message, pressed: ButtonId, feedback: Feedback) -> discord.ui.View:
    """The answered question's buttons, closed: the right choice green, a wrong pick red."""
    view = answered(message, pressed)
    for item in view.children:
        button = ButtonId.parse(getattr(item, "custom_id", None))
        if not isinstance(item, discord.ui.Button) or button is None or button.nonce != pressed.nonce:
            continue
        if item.label == choice_label(button.arg, feedback.expected):
            item.style = discord.ButtonStyle.success
        elif button == pressed:
            item.style = discord.ButtonStyle.danger
        else:
            item.style = discord.ButtonStyle.secondary
    return view


def hinted(message: discord.Message, hint: Notice, owner: int) -> Outgoing:
    """The message with its question (its last embed) shown again after `hint`, and the hint below it."""
    out = Outgoing(content=message.content or None, embeds=message.embeds[:-1])
    if hint.next is not None:  # multiple choice: asked again with a choice ruled out
        out.buttons = still_open(message, CORRECTIONS)
        add_prompt(out, hint.next, owner)
        out.buttons += still_open(message, PUT_OFF)  # a daily push's "Later" and "Not today", below
    else:
        out.embeds += message.embeds[-1:]
        out.buttons = still_open(message, frozenset(Action))
    if out.embeds:
        question = out.embeds[-1]
        question.description = clip(f"{question.description or ''}\n💡 {md(hint.text)}", DESCRIPTION_MAX)
    return out


def question_of(message: discord.Message | None) -> str:
    """The question a message shows: its last embed (a question comes after any feedback)."""
    embeds = message.embeds if message is not None else []
    return (embeds[-1].description or "") if embeds else ""


def still_open(message: discord.Message, actions: frozenset[Action]) -> list[QuizButton]:
    """The message's enabled buttons of these kinds, to carry over into its next version."""
    kept = []
    for item in discord.ui.View.from_message(message, timeout=None).children:
        button = ButtonId.parse(getattr(item, "custom_id", None))
        if isinstance(item, discord.ui.Button) and button and button.action in actions and not item.disabled:
            kept.append(QuizButton(button, item.label or "", item.style))
    return kept


def answered(message: discord.Message, pressed: ButtonId) -> discord.ui.View:
    """The message's buttons with those of the answered question (and any "I was right"/"Too easy") disabled."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        if not isinstance(item, discord.ui.Button):
            continue
        button = ButtonId.parse(item.custom_id)
        if button is None or button.nonce == pressed.nonce or button.action in CORRECTIONS:
            item.disabled = True
        if item.custom_id == pressed.encode():
            item.style = discord.ButtonStyle.primary
    view.stop()
    return view


def without(message: discord.Message, actions: frozenset[Action]) -> discord.ui.View:
    """The message's buttons but those of these kinds."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in list(view.children):
        button = ButtonId.parse(getattr(item, "custom_id", None))
        if button is not None and button.action in actions:
            view.remove_item(item)
    view.stop()
    return view
