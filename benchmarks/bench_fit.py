"""Fitting one learner's FSRS parameters: time and peak memory for 1k, 10k and 100k counted reviews.

Each size runs in a fresh process (peak RSS only grows), which first builds the learner's training data
and scores the defaults on it once (the baseline: one evaluation pass of the same reviews, measured in the
same process), then fits (fsrs-rs: fit plus three evaluations), and separately recomputes every card under the
fit (py-fsrs; in the bot this runs in the same worker process). Figures: wall and CPU seconds, and each as a ratio to
the baseline pass; peak memory as the growth of the process's peak RSS over the baseline's.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import defaultdict

SIZES = (1_000, 10_000, 100_000)
REVIEWS_PER_CARD = 10


def measure(reviews: int) -> dict[str, float]:
    from studybot.srs import DEFAULT_PARAMETERS
    from studybot.srs.fitting import FitJob, fit, score
    from studybot.srs.replay import PastReview, replay_all
    from studybot.srs.training import LoggedAnswer, histories
    from tests.srs.synthetic import learner_history

    answers = learner_history(cards=reviews // REVIEWS_PER_CARD, reviews_per_card=REVIEWS_PER_CARD)
    cards = histories([LoggedAnswer(a.card, a.at, a.rating) for a in answers], "UTC")
    by_card: dict[int, list[PastReview]] = defaultdict(list)
    for n, a in enumerate(answers):
        by_card[a.card].append(PastReview(n, f"n{n}", a.rating, a.at))
    job = FitJob(1, cards, DEFAULT_PARAMETERS, 64, dict(by_card), 0.9)
    wall, cpu = time.perf_counter(), time.process_time()
    score(DEFAULT_PARAMETERS, cards)
    base_wall, base_cpu = time.perf_counter() - wall, time.process_time() - cpu
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    result = fit(job.cards, job.current)
    fit_wall, fit_cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall = time.perf_counter()
    replay_all(job.reviews_by_card, job.retention, result.parameters)
    replay_wall = time.perf_counter() - wall
    return {
        "reviews": result.reviews,
        "kept": result.better,
        "replay_s": replay_wall,
        "baseline_s": base_wall,
        "fit_s": fit_wall,
        "fit_cpu_s": fit_cpu,
        "wall_ratio": fit_wall / base_wall,
        "cpu_ratio": fit_cpu / base_cpu if base_cpu else float("nan"),
        "peak_mb": (peak - base_rss) / 1024,
    }


def main() -> None:
    for size in SIZES:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_fit", str(size)], capture_output=True, text=True, check=True
        )
        f = json.loads(done.stdout)
        print(
            f"fit {f['reviews']:,} counted reviews: {f['fit_s']:.2f} s wall ({f['wall_ratio']:.0f}x one evaluation"
            f" of them, {f['baseline_s'] * 1000:.1f} ms), {f['fit_cpu_s']:.2f} s CPU ({f['cpu_ratio']:.0f}x),"
            f" peak memory +{f['peak_mb']:.0f} MB, kept: {f['kept']}; then recomputing every card under it:"
            f" {f['replay_s']:.2f} s wall ({f['replay_s'] / f['baseline_s']:.0f}x)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(measure(int(sys.argv[1]))))
    else:
        main()
