"""Challenge points by answer time, as docs/groups.md and /help state them (scoring.RULE)."""

from __future__ import annotations

from studybot.engine.groups.scoring import RULE, points

SECONDS = 20


def test_ten_when_instant_five_in_the_last_second_linear_between() -> None:
    taken_ms = [0, 1_000, 2_000, 4_000, 6_000, 9_500, 13_000, 17_000, 18_000, 19_000, 19_999]
    assert [points(True, ms, SECONDS) for ms in taken_ms] == [10, 10, 9, 9, 8, 7, 7, 6, 5, 5, 5]
    assert points(False, 0, SECONDS) == 0
    assert "10 when instant, 5 in the question's last second" in RULE


def test_the_hour_long_question_of_the_day_and_the_shortest_question() -> None:
    assert [points(True, s * 1000, 3600) for s in (0, 1800, 3599)] == [10, 7, 5]
    assert [points(True, s * 1000, 5) for s in (0, 1, 2, 3, 4)] == [10, 9, 7, 6, 5]  # 7.5 rounds down
