"""Run every benchmark and print its figures (`make bench`). Each starts its own databases."""

from __future__ import annotations

from benchmarks import (
    bench_answers,
    bench_discord,
    bench_fit,
    bench_floor,
    bench_import,
    bench_import_contention,
    bench_next_card,
    bench_push,
    bench_soak,
    bench_stats_picture,
    bench_telegram,
)


def main() -> None:
    for bench in (
        bench_answers,
        bench_floor,
        bench_next_card,
        bench_import,
        bench_push,
        bench_stats_picture,
        bench_fit,
        bench_import_contention,
        bench_discord,
        bench_telegram,
        bench_soak,
    ):
        bench.main()


if __name__ == "__main__":
    main()
