from __future__ import annotations

import io

from studybot.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_draws_on_a_terminal() -> None:
    out = Terminal()
    bar = ProgressBar(200, out)
    bar.advance(50)
    bar.advance(150)
    bar.close()
    assert out.getvalue() == (
        "\r[#######.......................] 50/200 cards\r[##############################] 200/200 cards\n"
    )


def test_nothing_is_drawn_when_piped() -> None:
    out = io.StringIO()
    bar = ProgressBar(10, out)
    bar.advance(10)
    bar.close()
    assert out.getvalue() == ""
