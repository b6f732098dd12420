"""Engine replies as Discord messages: embeds within Discord's limits, and the question's buttons."""

from __future__ import annotations

import io

import discord

from studybot.adapters import text
from studybot.adapters.discord.buttons import QuizButton
from studybot.adapters.discord.choices import SettingButton
from studybot.adapters.discord.codec import AHEAD, Action, ButtonId
from studybot.adapters.discord.decklist import deck_list
from studybot.adapters.discord.message import (
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBEDS_TOTAL_MAX,
    LABEL_MAX,
    PLAIN,
    Outgoing,
    above,
    clip,
    embed,
    md,
)
from studybot.adapters.discord.questions import QUESTION, add_prompt, put_off_buttons
from studybot.engine.replies import (
    AdminStats,
    DeckList,
    Document,
    Feedback,
    GradeButtons,
    Level,
    Notice,
    Prompt,
    Reply,
    RetentionPreview,
    SettingsView,
    Stats,
)

PICTURE = "stats.png"
LEECH = "This card keeps slipping, so it is suspended now: rewrite it in your own notes."
ANSWER = "Answer"  # the title of a revealed flashcard's back
RECALL = "How well did you recall it?"  # under a flashcard's back until it is graded
REFRESHED = f"**{text.REFRESHED}**"  # under it when the grades were shown anew, until it is graded
RIGHT = discord.Colour.green()
WRONG = discord.Colour.red()
GRADE_STYLES = (
    discord.ButtonStyle.danger,
    discord.ButtonStyle.secondary,
    discord.ButtonStyle.success,
    discord.ButtonStyle.primary,
)


def document_file(document: Document) -> discord.File:
    return discord.File(io.BytesIO(document.content), filename=document.filename)


def render(reply: Reply, owner: int) -> Outgoing:
    """`owner` is the Discord id of the learner the reply is for: their buttons carry it."""
    match reply:
        case Prompt():
            out = Outgoing()
            add_prompt(out, reply, owner)
            return out
        case Feedback():
            return _feedback(reply, owner)
        case GradeButtons():
            return _grade_buttons(reply, owner)
        case Notice():
            return _notice(reply, owner)
        case DeckList():
            return deck_list(reply, owner)
        case Stats():
            return Outgoing(embeds=[_stats_embed(reply)])
        case Document():
            return Outgoing(content=clip(md(reply.caption), CONTENT_MAX), files=[document_file(reply)])
        case SettingsView():
            lines = text.settings_lines(reply, polls=False) + ([reply.usage] if reply.usage else [])
            out = Outgoing(embeds=[embed(md("\n".join(lines)), title="Settings")])
            out.choices += [
                SettingButton(owner, c.name, c.value, c.label) for c in text.setting_choices(reply, polls=False)
            ]
            return out
        case AdminStats():
            return Outgoing(embeds=[embed(md("\n".join(text.admin_lines(reply))), title="Admin")])
        case RetentionPreview():
            return _retention(reply, owner)
    raise TypeError(f"cannot render {type(reply).__name__}")


def _stats_embed(stats: Stats) -> discord.Embed:
    return embed(md("\n".join(text.stats_lines(stats))), title="Your progress")


def stats_with_picture(stats: Stats, picture: bytes) -> Outgoing:
    """The stats embed showing the picture, which the message carries as an attachment."""
    shown = _stats_embed(stats).set_image(url=f"attachment://{PICTURE}")
    return Outgoing(embeds=[shown], files=[discord.File(io.BytesIO(picture), filename=PICTURE)])


def _notice(notice: Notice, owner: int) -> Outgoing:
    prefix = "⚠️ " if notice.level is Level.ERROR else ""
    out = Outgoing(content=clip(prefix + md(notice.text), CONTENT_MAX))
    if notice.study_ahead:
        out.buttons.append(QuizButton(ButtonId(Action.NEXT, AHEAD, owner), text.STUDY_AHEAD))
    if notice.next is not None:
        add_prompt(out, notice.next, owner)
    if notice.put_off is not None:
        out.buttons += put_off_buttons(notice.put_off, owner)
    return out


def _feedback(feedback: Feedback, owner: int) -> Outgoing:
    given = feedback.choice or feedback.given
    lines = [f"Your answer: **{md(given)}**"] if given else []  # a typed answer is hidden in its form
    if feedback.correct is None:  # a self-grade: said once, with its interval
        lines.append(self_grade_line(feedback))
    else:
        lines.append(f"**{md(text.verdict(feedback))}**")  # in the description: titles are short and barely formatted
    if feedback.explanation:
        lines.append(f"**Why:** {md(feedback.explanation)}")
    if not feedback.details_shown:
        lines.append(f"**Source:** {md(text.citation(feedback.source))}")
    if feedback.correct is not None:
        lines.append(md(text.schedule(feedback)))
    if feedback.leech:
        lines.append(LEECH)
    if feedback.summary is not None:
        lines.append(f"*{md(text.summary_line(feedback.summary))}*")
    colour = PLAIN if feedback.correct is None else RIGHT if feedback.correct else WRONG
    out = Outgoing(embeds=[embed("\n".join(lines), colour=colour)])
    if feedback.can_override:
        out.buttons.append(QuizButton(ButtonId(Action.OVERRIDE, feedback.nonce, owner), "I was right"))
    if feedback.can_mark_easy:
        out.buttons.append(QuizButton(ButtonId(Action.EASY, feedback.nonce, owner), "Too easy"))
    match feedback.next:
        case Prompt():
            add_prompt(out, feedback.next, owner)
        case Notice():
            next_out = _notice(feedback.next, owner)
            out.content = next_out.content
            out.embeds += next_out.embeds
            out.buttons += next_out.buttons
    return out


def self_grade_line(feedback: Feedback) -> str:
    """ "Graded Good · next review in 10m": a flashcard's grade, said once."""
    return f"**{md(text.verdict(feedback).rstrip('.'))}** · {md(text.schedule(feedback).partition(' · ')[2])}"


def graded_lines(feedback: Feedback) -> list[str]:
    """What a graded flashcard's message says in place of the question how well it was recalled."""
    lines = [self_grade_line(feedback)]
    if feedback.leech:
        lines.append(LEECH)
    if feedback.summary is not None:
        lines.append(f"*{md(text.summary_line(feedback.summary))}*")
    return lines


def _retention(reply: RetentionPreview, owner: int) -> Outgoing:
    buttons = [
        QuizButton(
            ButtonId(Action.RETENTION, "retention", owner, f"{round(choice.retention * 100)}"),
            text.retention_label(choice),
            discord.ButtonStyle.primary if choice.cheapest else discord.ButtonStyle.secondary,
        )
        for choice in reply.choices
    ]
    lines = text.retention_lines(reply)
    return Outgoing(embeds=[embed(md("\n".join(lines[1:])), title=lines[0])], buttons=buttons)


def _grade_buttons(reply: GradeButtons, owner: int) -> Outgoing:
    buttons = [
        QuizButton(
            ButtonId(Action.GRADE, reply.nonce, owner, str(option.rating)),
            clip(text.grade_label(reply, option), LABEL_MAX),
            GRADE_STYLES[(option.rating - 1) % len(GRADE_STYLES)],
        )
        for option in reply.options
    ]
    return Outgoing(embeds=[answer_embed(reply)], buttons=buttons)


def answer_embed(reply: GradeButtons, room: int = EMBEDS_TOTAL_MAX) -> discord.Embed:
    """A flashcard's back, its explanation and source, and "How well did you recall it?", in `room` characters
    (what the message has left): the back and explanation are shortened if need be, never the question."""
    card = [md(reply.back)] + ([f"**Why:** {md(reply.explanation)}"] if reply.explanation else [])
    kept = [f"**Source:** {md(text.citation(reply.source))}", RECALL] + ([REFRESHED] if reply.refreshed else [])
    limit = min(room - len(ANSWER), DESCRIPTION_MAX)
    return embed(above("\n".join(card), "\n".join(kept), limit), title=ANSWER, colour=QUESTION)
