"""`studybot chat` at a real terminal (a pseudo-terminal): /quit, Ctrl-D and Ctrl-C, and wrapped text."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studybot.adapters.terminal import wrap
from tests.conftest import DATA

PATIENCE_S = 60  # how long to wait for output before giving up (not a timing assertion)


class Session:
    """A `studybot chat` process whose standard streams are a pseudo-terminal, read like a person would."""

    def __init__(self, tmp_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STUDYBOT_")}
        env |= {"STUDYBOT_DECKS_DIR": str(DATA), "COLUMNS": "60", "LINES": "40", "TERM": "xterm"}
        args = [sys.executable, "-m", "studybot", "chat", "--user", "ana", "--db", f"sqlite:///{tmp_path / 'bot.db'}"]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes studybot, with the terminal as its controlling tty
            os.chdir(tmp_path)
            # as from a shell: Ctrl-C's SIGINT neither ignored nor blocked, whatever the test process did to it
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            os.execve(sys.executable, args, env)
        self.seen = ""

    def expect(self, text: str) -> str:
        """Read until `text` has appeared; return everything read so far."""
        while text not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], PATIENCE_S)
            assert ready, f"waited for {text!r}; the terminal shows:\n{self.seen}"
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the child has gone and closed the terminal
                chunk = b""
            assert chunk, f"the session ended before {text!r}; the terminal shows:\n{self.seen}"
            self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        return self.seen

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def exit_code(self) -> int:
        while True:  # drain, so the child never blocks on a full terminal
            try:
                if not os.read(self.fd, 4096):
                    break
            except OSError:
                break
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    talk = Session(tmp_path)
    yield talk
    try:
        os.kill(talk.pid, 9)
        os.waitpid(talk.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def test_quit_ends_the_session_with_a_goodbye(session: Session) -> None:
    session.expect("Send /quiz to start")
    session.expect("> ")
    session.type("/help\r")
    session.expect("/quit — End the session")
    session.type("/quit\r")
    session.expect("Bye! Your progress is saved.")
    assert session.exit_code() == 0


def test_ctrl_c_leaves_at_once_with_one_line_and_no_traceback(session: Session) -> None:
    session.expect("> ")
    session.type("/quiz\r")
    session.expect("/skip to skip.\n\n> ")  # the prompt after the question, not the one before /quiz
    session.type("\x03")  # Ctrl-C, while the question waits for an answer

    seen = session.expect("Bye! Your progress is saved.")

    assert session.exit_code() == 130
    assert "Traceback" not in seen
    assert "KeyboardInterrupt" not in seen


def test_ctrl_d_ends_the_session(session: Session) -> None:
    session.expect("> ")
    session.type("\x04")
    session.expect("Bye! Your progress is saved.")
    assert session.exit_code() == 0


def test_lines_wrap_at_spaces_and_never_inside_a_word() -> None:
    text = "Why: GBDT uses only the gradient; XGBoost also uses the Hessian of the loss.\n"
    text += "  1. A choice long enough to wrap"
    assert wrap(text, 30).split("\n") == [
        "Why: GBDT uses only the",
        "gradient; XGBoost also uses",
        "the Hessian of the loss.",
        "  1. A choice long enough to",
        "     wrap",
    ]
    assert wrap("https://example.org/a/very/long/address/that/cannot/break", 20) == (
        "https://example.org/a/very/long/address/that/cannot/break"
    )
