"""Engine replies as Telegram messages: HTML text (every card and user string escaped) and buttons."""

from __future__ import annotations

from telegram import ForceReply, InlineKeyboardMarkup

from studybot.adapters import text
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.decklist import deck_messages
from studybot.adapters.telegram.keyboards import (
    Audience,
    after_answer_keyboard,
    button,
    choice_keyboard,
    deck_action_keyboard,
    grade_keyboard,
    put_off_keyboard,
    retention_keyboard,
    settings_keyboard,
    study_ahead_keyboard,
)
from studybot.adapters.telegram.markup import MAX_CAPTION, MAX_TEXT, bold, esc, italic, mention, split, units
from studybot.adapters.telegram.outgoing import Markup, Outgoing, plain
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

SHORT_LABEL = 30  # longer mcq labels are listed in the text, and the buttons carry their numbers
RECALL = "How well did you recall it?"  # asked under a flashcard's back until it is graded


def render(reply: Reply, to: Audience) -> list[Outgoing]:
    match reply:
        case Prompt():
            return [prompt_message(reply, to)]
        case Feedback():
            return feedback_messages(reply, to)
        case GradeButtons():
            return [Outgoing(f"{bold(reply.front)}\n\n{revealed(reply)}", grade_keyboard(reply, to))]
        case Notice():
            return notice_messages(reply, to)
        case DeckList():
            return deck_messages(reply, to)
        case Stats():
            return plain(stats_lines(reply))
        case SettingsView():
            lines = text.settings_lines(reply, polls=True) + ([reply.usage] if reply.usage else [])
            return plain(list(map(esc, lines)), settings_keyboard(reply, to))
        case AdminStats():
            return plain(list(map(esc, text.admin_lines(reply))))
        case RetentionPreview():
            return plain(list(map(esc, text.retention_lines(reply))), retention_keyboard(reply, to))
        case Document():
            if to.group:  # a learner's own records are not for the group
                return plain([esc("Your review log is yours: send /export to me in a private chat.")])
            return [Outgoing(esc(reply.caption), document=reply)]
    raise TypeError(f"cannot render {type(reply).__name__}")


def stats_lines(stats: Stats) -> list[str]:
    return [bold("Your progress"), *map(esc, text.stats_lines(stats))]


def stats_with_picture(stats: Stats, picture: bytes) -> list[Outgoing]:
    """The picture with the summary as its caption, or (a summary longer than a caption) followed by it."""
    caption = "\n".join(stats_lines(stats))
    if units(caption) <= MAX_CAPTION:
        return [Outgoing(caption, photo=picture)]
    return [Outgoing("", photo=picture), *plain(stats_lines(stats))]


def notice_messages(notice: Notice, to: Audience) -> list[Outgoing]:
    head = ("⚠️ " if notice.level is Level.ERROR else "") + esc(notice.text)
    if notice.study_ahead:
        keyboard: InlineKeyboardMarkup | None = study_ahead_keyboard(to)
    else:
        keyboard = put_off_keyboard(notice, to) or (None if to.group else deck_action_keyboard(notice, to))
    messages = plain([head], keyboard)
    if notice.next is not None:
        messages.append(prompt_message(notice.next, to))
    return messages


def prompt_message(prompt: Prompt, to: Audience) -> Outgoing:
    lines = [f"{bold(prompt.deck_title)} · {esc(prompt.progress)}"]
    if to.group:
        lines.insert(0, f"For {mention(to.user_id, to.name)}:")
    lines.append(esc(prompt.text))
    markup: Markup | None
    if prompt.kind in ("mcq", "truefalse"):
        listed = prompt.kind == "mcq" and any(units(c.label) > SHORT_LABEL for c in prompt.choices)
        if listed:
            lines += [
                f"<s>{bold(c.key)}. {esc(c.label)}</s>" if c.ruled_out else f"{bold(c.key)}. {esc(c.label)}"
                for c in prompt.choices
            ]
        markup = choice_keyboard(prompt, to, numbers=listed)
    elif prompt.kind == "flashcard":
        markup = InlineKeyboardMarkup([[button("Show answer", Press(Action.REVEAL, prompt.nonce, to.user_id))]])
    else:
        how = "Reply to this message with your answer" if to.group else "Type your answer"
        lines.append(italic(f"{how} · /hint · /skip" if prompt.hint_available else f"{how} · /skip"))
        markup = ForceReply(selective=True, input_field_placeholder="Your answer") if to.group else None
    body = "\n".join(lines)
    return Outgoing(split(body)[0] if units(body) > MAX_TEXT else body, markup, prompt)


def feedback_lines(feedback: Feedback) -> list[str]:
    lines = [bold(text.verdict(feedback))]
    if feedback.explanation:
        lines.append(f"Why: {esc(feedback.explanation)}")
    if not feedback.details_shown:
        lines.append(italic(f"Source: {text.citation(feedback.source)}"))
    lines.append(esc(text.schedule(feedback)))
    if feedback.leech:
        lines.append(esc("This card keeps slipping, so it is suspended now: rewrite it in your own notes."))
    return lines + summary_lines(feedback)


def summary_lines(feedback: Feedback) -> list[str]:
    return [] if feedback.summary is None else [italic(text.summary_line(feedback.summary))]


def hinted(prompt: Prompt, hint: str, to: Audience) -> Outgoing:
    """The question message again after a hint: its ruled-out choices gone, the hint below it."""
    out = prompt_message(prompt, to)
    return Outgoing(_after(out.text, italic(f"💡 {hint}")), out.markup, prompt)


def feedback_messages(feedback: Feedback, to: Audience) -> list[Outgoing]:
    """Feedback to a typed answer, as its own message (naming the choice typed), then whatever comes next."""
    chosen = [f"Your answer: {bold(feedback.choice)}"] if feedback.choice else []
    messages = plain(chosen + feedback_lines(feedback), after_answer_keyboard(feedback, to))
    return messages + next_messages(feedback, to)


def next_messages(feedback: Feedback, to: Audience) -> list[Outgoing]:
    return [] if feedback.next is None else render(feedback.next, to)


def answered(question_html: str, chosen: str | None, feedback: Feedback) -> str:
    """The question message after a button answer: the question, the choice, the verdict and why."""
    chosen = feedback.choice or chosen  # the label, also when the button showed only its number
    lines = [f"Your answer: {bold(chosen)}"] if chosen else []
    if feedback.correct is None:
        lines.append(esc(f"Graded {feedback.rating} · {text.schedule(feedback).partition(' · ')[2]}"))
        lines += summary_lines(feedback)
        for asked in (italic(RECALL), bold(text.REFRESHED)):  # it is answered now
            question_html = question_html.replace(f"\n{asked}", "")
    else:
        lines += feedback_lines(feedback)
    return _after(question_html, "\n".join(lines))


def revealed(buttons: GradeButtons) -> str:
    lines = [f"{bold('Answer:')} {esc(buttons.back)}"]
    if buttons.explanation:
        lines.append(f"Why: {esc(buttons.explanation)}")
    lines.append(italic(f"Source: {text.citation(buttons.source)}"))
    lines.append(italic(RECALL))
    if buttons.refreshed:
        lines.append(bold(text.REFRESHED))
    return "\n".join(lines)


def revealed_question(question_html: str, buttons: GradeButtons) -> str:
    return _after(question_html, revealed(buttons))


def _after(question_html: str, addition: str) -> str:
    """`addition` below the question; the question is shortened if both would not fit one message."""
    room = MAX_TEXT - units(addition) - 2
    question = question_html if units(question_html) <= room else split(question_html, max(room, 1))[0]
    return f"{question}\n\n{addition}" if question else addition
