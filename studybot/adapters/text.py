"""Plain-text pieces that every adapter renders the same way (before its own escaping)."""

from __future__ import annotations

from datetime import timedelta

from studybot.engine.replies import AdminStats, Citation, Feedback, SettingsView, Stats


def interval(span: timedelta) -> str:
    """Anki-style short interval: 1m, 10m, 5h, 3d, 2mo, 1.5y."""
    seconds = max(span.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y".replace(".0y", "y")


def citation(source: Citation) -> str:
    text = source.title
    if source.section:
        text += f" — {source.section}"
    if source.location and source.location != source.title:
        text += f" ({source.location})"
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
    return f"Rated {feedback.rating} · next review in {interval(feedback.interval)}"


def stats_lines(stats: Stats) -> list[str]:
    retention = "—" if stats.retention_30d is None else f"{stats.retention_30d:.0%}"
    lines = [
        f"Due now: {stats.due_now} · due today: {stats.due_today}",
        f"Reviewed today: {stats.reviewed_today} · new today: {stats.new_today} of {stats.new_limit}",
        f"Streak: {stats.streak_days} day{'s' if stats.streak_days != 1 else ''} · retention (30 days): {retention}",
    ]
    for deck in stats.decks:
        extra = f", {deck.suspended} suspended" if deck.suspended else ""
        lines.append(f"  {deck.title}: {deck.seen}/{deck.cards} seen, {deck.due} due{extra}")
    return lines


def admin_lines(stats: AdminStats) -> list[str]:
    return [
        f"Learners: {stats.learners} · active today: {stats.active_today} · blocked: {stats.blocked}",
        f"Reviews today: {stats.reviews_today} · pushes today: {stats.pushes_today} (UTC day)",
    ]


def settings_lines(view: SettingsView) -> list[str]:
    lines = [
        f"Daily quiz at {view.push_time} ({view.timezone}){' — paused' if view.paused else ''}",
        f"New cards per day: {view.new_per_day} · desired retention: {view.desired_retention:.2f}",
        f"Quiz polls on Telegram: {'on' if view.polls else 'off'}",
    ]
    return ([view.message] if view.message else []) + lines
