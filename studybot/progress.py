"""A one-line progress bar for long imports, drawn only when the stream is a terminal."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.enabled = stream.isatty()

    def advance(self, count: int) -> None:
        self.done = min(self.done + count, self.total)
        if self.enabled:
            filled = WIDTH * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} cards")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
