"""The terminal around the console adapter: reading a line (with readline when interactive), wrapping text
to the window, and leaving the terminal as it was found however the session ends."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

PROMPT = "> "


class Terminal:
    """Line input and wrapped output over one pair of streams."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        # readline edits only the real standard input, and only when a person is typing at it
        self.interactive = stdin is sys.stdin and stdin.isatty() and stdout.isatty()
        if self.interactive:
            import readline  # noqa: F401 - importing it gives input() line editing and history

    async def read_line(self) -> str | None:
        """The next line, or None at end of input (Ctrl-D)."""
        read: Callable[[], str] = self._input if self.interactive else self.stdin.readline
        line = await _in_daemon_thread(read)
        return None if line == "" else line

    def _input(self) -> str:
        try:
            return input(PROMPT) + "\n"
        except EOFError:
            self.stdout.write("\n")
            return ""

    def write(self, block: str) -> None:
        width = shutil.get_terminal_size().columns if self.interactive else None
        self.stdout.write((wrap(block, width) if width else block) + "\n\n")
        self.stdout.flush()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Restore the terminal's settings on the way out, even when Ctrl-C lands in the middle of readline."""
        if not self.interactive:
            yield
            return
        import termios

        fd = self.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def wrap(block: str, width: int) -> str:
    """Each line fitted to `width` columns at spaces, never inside a word; indented lines stay indented."""
    lines = []
    for line in block.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        hang = indent + "   " if line.lstrip().split(". ", 1)[0].isdigit() else indent  # under a choice's text
        lines.append(
            textwrap.fill(
                line,
                width=max(width - 1, 20),
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or line
        )
    return "\n".join(lines)


async def _in_daemon_thread(read: Callable[[], str]) -> str:
    """`read()` in a daemon thread: a line being typed must not keep the process alive after Ctrl-C
    (the default executor would, since asyncio.run waits for its threads)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str] = loop.create_future()

    def deliver(result: str | BaseException) -> None:
        if done.done():
            return
        if isinstance(result, BaseException):
            done.set_exception(result)
        else:
            done.set_result(result)

    def work() -> None:
        result: str | BaseException
        try:
            result = read()
        except Exception as exc:  # handed to the awaiting coroutine
            result = exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: the session is over
            loop.call_soon_threadsafe(deliver, result)

    threading.Thread(target=work, name="studybot-stdin", daemon=True).start()
    return await done
