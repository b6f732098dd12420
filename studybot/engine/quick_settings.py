"""The common settings changes offered as taps under /settings: pause or resume, quiz polls, new cards
per day a step down or up, and a few push times. Each is what `/settings NAME VALUE` would do, so a tap
from an old message sets the value it shows, however often it is pressed."""

from __future__ import annotations

from studybot.engine.replies import SettingChoice
from studybot.storage.repo import Profile

NEW_STEP = 5
PUSH_TIMES = ("07:00", "09:00", "12:00", "19:00")


def common_changes(user: Profile, max_new: int) -> tuple[SettingChoice, ...]:
    pause = SettingChoice("▶️ Resume daily quiz", "pause", "off") if user.paused else None
    choices = [pause or SettingChoice("⏸ Pause daily quiz", "pause", "on")]
    polls = "off" if user.polls else "on"
    choices.append(SettingChoice(f"📊 Quiz polls {polls}", "polls", polls))
    fewer, more = max(user.new_per_day - NEW_STEP, 0), min(user.new_per_day + NEW_STEP, max_new)
    if fewer != user.new_per_day:
        choices.append(SettingChoice(f"➖ {fewer} new/day", "new", str(fewer)))
    if more != user.new_per_day:
        choices.append(SettingChoice(f"➕ {more} new/day", "new", str(more)))
    choices += [SettingChoice(f"⏰ {at}", "time", at) for at in PUSH_TIMES if at != user.push_time]
    return tuple(choices)
