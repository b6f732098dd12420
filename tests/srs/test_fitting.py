"""Fitting against the fsrs-rs binding itself: the training data Anki would build, the binding's own fit and
scores, and a learner whose memory differs from the defaults ends up better predicted by their fit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from fsrs_rs_python import DEFAULT_PARAMETERS as BINDING_DEFAULTS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studybot.srs import DEFAULT_PARAMETERS, Rating, Srs
from studybot.srs.bounds import usable
from studybot.srs.fitting import fit, score
from studybot.srs.training import LoggedAnswer, counted, histories, items, next_fit_at
from tests.srs.synthetic import learner_history

T0 = datetime(2026, 5, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 May in Berlin (UTC+2)
FIXED_LOG = [
    LoggedAnswer(1, T0, 1),
    LoggedAnswer(1, T0 + timedelta(minutes=10), 3),  # the same local day: not counted
    LoggedAnswer(2, T0 + timedelta(hours=2), 3),  # 2 May in both zones
    LoggedAnswer(1, T0 + timedelta(days=1), 3),
    LoggedAnswer(2, T0 + timedelta(days=3), 4),  # 4 May in UTC, 5 May in Berlin
    LoggedAnswer(1, T0 + timedelta(days=4), 2),
    LoggedAnswer(1, T0 + timedelta(days=11, hours=1), 3),
]


def test_a_fixed_log_becomes_one_counted_review_per_card_and_local_day() -> None:
    cards = histories(FIXED_LOG, "Europe/Berlin")
    assert sorted(cards) == [((1, 0), (3, 1), (2, 3), (3, 7)), ((3, 0), (4, 3))]
    assert counted(cards) == 6
    in_utc = histories(FIXED_LOG, "UTC")
    assert sorted(in_utc) == [((1, 0), (3, 1), (2, 3), (3, 7)), ((3, 0), (4, 2))]


def test_our_defaults_and_scores_are_the_bindings() -> None:
    assert tuple(round(w, 4) for w in BINDING_DEFAULTS) == DEFAULT_PARAMETERS
    cards = histories(FIXED_LOG, "Europe/Berlin")
    by_hand = [
        FSRSItem([FSRSReview(1, 0), FSRSReview(3, 1)]),
        FSRSItem([FSRSReview(1, 0), FSRSReview(3, 1), FSRSReview(2, 3)]),
        FSRSItem([FSRSReview(1, 0), FSRSReview(3, 1), FSRSReview(2, 3), FSRSReview(3, 7)]),
        FSRSItem([FSRSReview(3, 0), FSRSReview(4, 3)]),
    ]
    assert len(items(cards)) == len(by_hand)
    theirs = FSRS(list(DEFAULT_PARAMETERS)).evaluate(by_hand)
    ours = score(DEFAULT_PARAMETERS, sorted(cards))
    assert (ours.log_loss, ours.rmse) == (theirs.log_loss, theirs.rmse_bins)


def test_the_fit_is_the_bindings_fit_on_the_same_items() -> None:
    cards = histories(_as_logged(learner_history(cards=30, reviews_per_card=6)), "UTC")
    result = fit(cards)
    theirs = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items(cards))
    assert result.parameters == tuple(theirs)
    assert result.reviews == 180
    again = score(theirs, cards)  # the binding sums in parallel: equal to float32 rounding
    assert (result.fitted.log_loss, result.fitted.rmse) == pytest.approx((again.log_loss, again.rmse), rel=1e-6)
    assert result.current == result.defaults


def test_a_learner_unlike_the_defaults_is_predicted_better_on_held_out_reviews() -> None:
    cards = histories(_as_logged(learner_history(cards=300, reviews_per_card=8)), "UTC")
    training, held_out = cards[:200], cards[200:]
    result = fit(training)
    assert result.better
    assert score(result.parameters, held_out).log_loss < score(DEFAULT_PARAMETERS, held_out).log_loss


def test_fits_come_at_64_counted_reviews_then_at_each_doubling() -> None:
    assert [next_fit_at(tried) for tried in (0, 10, 64, 100, 128)] == [64, 64, 128, 200, 256]


def _as_logged(answers: list) -> list[LoggedAnswer]:  # type: ignore[type-arg]
    return [LoggedAnswer(answer.card, answer.at, answer.rating) for answer in answers]


def test_a_fit_is_brought_within_the_schedulers_bounds_and_one_that_is_not_a_number_is_no_fit() -> None:
    float32_edge = (*DEFAULT_PARAMETERS[:19], 0.800000011920929, 0.1542)
    within = usable(float32_edge)
    assert within is not None
    assert within[19] == 0.8
    assert Srs(Random(1)).review(None, Rating.GOOD, T0, parameters=within) is not None  # the scheduler takes them
    assert usable((*DEFAULT_PARAMETERS[:20], float("nan"))) is None
    assert usable(DEFAULT_PARAMETERS[:17]) is None  # FSRS-4.5's 17 weights are not FSRS-6's 21
    assert usable(DEFAULT_PARAMETERS) == DEFAULT_PARAMETERS
