"""Plain-text pieces that every adapter renders the same way (before its own escaping)."""

from __future__ import annotations

from studybot.engine.replies import (
    AdminStats,
    Citation,
    DeckAction,
    DeckInfo,
    Feedback,
    GradeButtons,
    GradeOption,
    RetentionChoice,
    RetentionPreview,
    SessionSummary,
    SettingChoice,
    SettingsView,
    Stats,
)
from studybot.engine.wording import count
from studybot.engine.wording import interval as interval  # shared with every adapter
from studybot.storage.ownership import short_name

STUDY_AHEAD = "Study ahead now"  # the button under "Next card in 1m — or study ahead now." (Notice.study_ahead)


def citation(source: Citation) -> str:
    """Title — section (URL); without a URL the full reference stands in for the title, which it names."""
    location = source.location or ""
    is_url = location.startswith(("http://", "https://"))
    text = source.title if is_url or not location else location.rstrip(".")
    if source.section:
        text += f" — {source.section}"
    if is_url:
        text += f" ({location})"
    return text


def verdict(feedback: Feedback) -> str:
    if feedback.correct is None:
        return f"Graded {feedback.rating}."
    if feedback.correct and feedback.near_miss:
        return f"✓ Accepted. Exact answer: {feedback.expected}"
    if feedback.correct:
        return "✓ Correct."
    return f"✗ Not quite. The answer is: {feedback.expected}"


def schedule(feedback: Feedback) -> str:
    if feedback.cram:
        return f"Rated {feedback.rating} · cram: your schedule is unchanged"
    return f"Rated {feedback.rating} · next review in {interval(feedback.interval)}"


def grade_label(buttons: GradeButtons, option: GradeOption) -> str:
    """ "Good · 3d"; in a cram just "Good", since no grade there changes an interval."""
    return option.label if buttons.cram else f"{option.label} · {interval(option.interval)}"


def summary_line(summary: SessionSummary) -> str:
    """ "12 reviewed · 10 right · next due 18:40 · streak 4 days"."""
    parts = [f"{summary.reviewed} reviewed", f"{summary.right} right"]
    if summary.due_now:
        parts.append(f"{summary.due_now} more due now")
    elif summary.next_due:
        parts.append(f"next due {summary.next_due}")
    else:
        parts.append("nothing scheduled")
    parts.append(f"streak {count(summary.streak_days, 'day')}")
    return " · ".join(parts)


def retention(share: float | None) -> str:
    """What share of reviews the learner recalled (not Again): the figure FSRS aims at with `retention`."""
    if share is None:
        return "retention: no reviews in the last 30 days yet (new cards not counted)"
    return f"retention: {share:.0%} of reviews recalled (last 30 days, new cards not counted)"


def stats_lines(stats: Stats) -> list[str]:
    lines = [
        f"Due now: {stats.due_now} · due today: {stats.due_today}",
        f"Reviewed today: {stats.reviewed_today} · new today: {_new_today(stats)}",
        f"Streak: {count(stats.streak_days, 'day')} · {retention(stats.retention_30d)}",
    ]
    for deck in stats.decks:
        extra = f", {deck.suspended} suspended" if deck.suspended else ""
        lines.append(f"  {deck.title}: {deck.seen}/{deck.cards} seen, {deck.due} due{extra}")
    if stats.memory_model:
        lines.append(stats.memory_model)
    return lines


def _new_today(stats: Stats) -> str:
    """ "3 of 20"; "25 (limit 20)" once the learner lowered their limit below what they met today."""
    limit = f"of {stats.new_limit}" if stats.new_today <= stats.new_limit else f"(limit {stats.new_limit})"
    return f"{stats.new_today} {limit}"


def retention_lines(preview: RetentionPreview) -> list[str]:
    """Each desired retention's workload; the choice with the least work per card remembered is marked."""
    model = "your own memory model" if preview.own_model else "the default memory model"
    lines = [f"Desired retention: what each choice costs over the next {preview.days} days ({model}, your cards)"]
    for choice in preview.choices:
        marks = [m for m, on in (("least work per card remembered", choice.cheapest), ("yours", choice.current)) if on]
        extra = f" ← {', '.join(marks)}" if marks else ""
        lines.append(
            f"{choice.retention:.2f}: about {choice.answers_per_day:.0f} answers a day,"
            f" {choice.remembered:.0%} remembered{extra}"
        )
    return lines


def retention_label(choice: RetentionChoice) -> str:
    """A button's label: the value, starred when it is the cheapest, ticked when it is the learner's."""
    return f"{'✓ ' if choice.current else ''}{choice.retention:.2f}{' ★' if choice.cheapest else ''}"


REFRESHED = "The intervals have changed since you opened this card; here they are as of now."

RETENTION_HOW = "Choose with /settings retention 0.85 (any value from 0.70 to 0.97)."


def admin_lines(stats: AdminStats) -> list[str]:
    return [
        f"Learners: {stats.learners} · active today: {stats.active_today} · blocked: {stats.blocked}",
        f"Reviews today: {stats.reviews_today} · pushes today: {stats.pushes_today} (UTC day)",
        f"On their own fitted memory model: {stats.fitted} of {count(stats.learners, 'learner')}",
    ]


def push_line(view: SettingsView) -> str:
    """When the daily quiz comes, in the learner's own time: the push time said once."""
    cards = "1 card waits" if view.push_threshold == 1 else f"{view.push_threshold} cards wait"
    when = "paused" if view.paused or view.next_push is None else f"next {view.next_push}"
    return f"Daily quiz at {view.push_time} ({view.timezone}) — {when}, when at least {cards}"


def settings_lines(view: SettingsView, *, polls: bool) -> list[str]:
    """The learner's settings, after the message (a change saved) and before the usage; `polls` where
    the platform has native quiz polls (Telegram)."""
    lines = [view.message] if view.message else []
    lines += [
        push_line(view),
        f"New cards per day: {view.new_per_day} · desired retention: {view.desired_retention:.2f}",
    ]
    lines.append(f"Evening reminder after an unanswered push: {'on' if view.reminder else 'off'}")
    if polls:
        lines.append(f"Quiz polls on Telegram: {'on' if view.polls else 'off'}")
    return lines


YOURS = "Yours"


def deck_name(deck: DeckInfo) -> str:
    """What a learner types for a deck: an own deck's short name, else its id."""
    return short_name(deck.id) if deck.yours else deck.id


def starts_yours(decks: tuple[DeckInfo, ...], index: int) -> bool:
    """Whether the "Yours" heading goes before `decks[index]` (own decks come last)."""
    return decks[index].yours and (index == 0 or not decks[index - 1].yours)


def setting_choices(view: SettingsView, *, polls: bool) -> list[SettingChoice]:
    """The changes to tap; quiz polls only where the platform has them."""
    return [c for c in view.choices if polls or c.name != "polls"]


TYPED_PICKS = {  # what a learner types instead of tapping a deck, where nothing can be tapped
    DeckAction.SUBSCRIBE: "/subscribe DECK (or all)",
    DeckAction.UNSUBSCRIBE: "/unsubscribe DECK",
    DeckAction.CRAM: "/cram DECK",
    DeckAction.STUDY: "/subscribe DECK (or all), then /quiz DECK",
}
PICK_LABELS = {  # a tap's verb, for a button or a menu option
    DeckAction.SUBSCRIBE: "Subscribe",
    DeckAction.UNSUBSCRIBE: "Unsubscribe",
    DeckAction.CRAM: "Cram",
    DeckAction.STUDY: "Study",
}
ALL_DECKS = "all"


def everything_label(action: DeckAction) -> str:
    return "📚 Subscribe to all" if action is DeckAction.SUBSCRIBE else "📚 Study every deck"


def deck_label(deck: DeckInfo, action: DeckAction) -> str:
    """A deck as a tap: "✓ Physics basics" (subscribed) or its title."""
    return f"✓ {deck.title}" if deck.subscribed and action is not DeckAction.CRAM else deck.title
