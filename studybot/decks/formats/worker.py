"""The upload parser's own process: `python -m studybot.decks.formats.worker NAME MAX_BYTES MAX_CARDS
SECONDS` reads the file on stdin and writes the parsed deck (or the refusal) as JSON on stdout.

It limits itself before reading anything: CPU seconds and address space (so a runaway parser is killed
by the kernel, not by hope); the parent also kills it when the wall-clock limit passes."""

from __future__ import annotations

import json
import resource
import sys

from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.formats.read import file_name, read_upload

MEMORY_BYTES = 2 * 1024 * 1024 * 1024


def _limit_self(seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_BYTES:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, hard))


def main(argv: list[str]) -> int:
    name, max_bytes, max_cards, seconds = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    _limit_self(seconds)
    data = sys.stdin.buffer.read(max_bytes + 1)
    result = json.dumps(result_of(name, data, Limits(max_bytes, max_cards)), ensure_ascii=False)
    # UTF-8, not \uXXXX escapes: CJK text takes half the bytes the parent holds and parses. A lone
    # surrogate (no UTF-8 form) becomes its JSON escape, which reads back as the same character.
    sys.stdout.buffer.write(result.encode("utf-8", "backslashreplace"))
    return 0


def result_of(name: str, data: bytes, limits: Limits) -> dict[str, object]:
    """The parsed deck as JSON-ready data, or {"problem": one line naming the file}. A reader's bug or
    a case no check foresaw is still a problem with the file, never a traceback or a crashed child
    (which the parent would report as the time or memory limit)."""
    try:
        deck = read_upload(name, data, limits)
    except UploadProblem as problem:
        return {"problem": str(problem)}
    except MemoryError:
        return {"problem": f"{file_name(name)}: refused: reading it needs more memory than I allow"}
    except Exception as exc:  # anything else: refused, naming the file
        return {"problem": f"{file_name(name)}: I could not read it: it looks damaged ({type(exc).__name__})"}
    return {
        "name": deck.name,
        "title": deck.title,
        "description": deck.description,
        "cards": [card.model_dump(mode="json", exclude_none=True) for card in deck.cards],
        "skipped": dict(deck.skipped),
        "notes": dict(deck.notes),
        "sources": [source.model_dump(mode="json", exclude_none=True) for source in deck.sources],
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
