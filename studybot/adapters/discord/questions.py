"""A question as Discord shows it: its embed (the choices, ruled-out ones struck through) and its buttons."""

from __future__ import annotations

import discord

from studybot.adapters.discord.buttons import QuizButton
from studybot.adapters.discord.codec import Action, ButtonId
from studybot.adapters.discord.message import FOOTER_MAX, LABEL_MAX, Outgoing, clip, embed, md
from studybot.engine.replies import Prompt

HINT = "💡 Hint"
QUESTION = discord.Colour.blurple()
PUT_OFF_ROW = 4  # the last of a message's five rows of buttons


def put_off_buttons(token: str, owner: int) -> list[QuizButton]:
    """ "Later (1 h)" and "Not today" on a daily push, on a row of their own below the answers."""
    buttons = [
        QuizButton(ButtonId(Action.LATER, token, owner), "⏰ Later (1 h)"),
        QuizButton(ButtonId(Action.NOT_TODAY, token, owner), "🌙 Not today"),
    ]
    for button in buttons:
        button.row = PUT_OFF_ROW
    return buttons


def add_prompt(out: Outgoing, prompt: Prompt, owner: int) -> None:
    lines = [md(prompt.text)]
    lines += [
        f"~~**{choice.key}.** {md(choice.label)}~~" if choice.ruled_out else f"**{choice.key}.** {md(choice.label)}"
        for choice in prompt.choices
    ]
    question = embed("\n".join(lines), colour=QUESTION)
    hint = " · /hint for a hint" if prompt.hint_available else ""
    question.set_footer(text=clip(f"{prompt.deck_title} · {prompt.progress}{hint}", FOOTER_MAX))
    out.embeds.append(question)
    out.buttons += prompt_buttons(prompt, owner)
    if prompt.hint_available and prompt.kind != "flashcard":
        out.buttons.append(QuizButton(ButtonId(Action.HINT, prompt.nonce, owner), HINT))


def prompt_buttons(prompt: Prompt, owner: int) -> list[QuizButton]:
    if prompt.kind == "flashcard":
        return [QuizButton(ButtonId(Action.REVEAL, prompt.nonce, owner), "Show answer")]
    if not prompt.choices:
        return [QuizButton(ButtonId(Action.TYPE, prompt.nonce, owner), "Answer", discord.ButtonStyle.primary)]
    return [
        QuizButton(
            ButtonId(Action.CHOOSE, prompt.nonce, owner, choice.key),
            choice_label(choice.key, choice.label),
            disabled=choice.ruled_out,  # a hint took it away
        )
        for choice in prompt.choices
    ]


def choice_label(key: str, label: str) -> str:
    return clip(f"{key}. {label}", LABEL_MAX)
