"""CSV and TSV: `front,back[,explanation]` a row, with or without a header; the delimiter (comma,
semicolon or tab) detected from the first lines. A front with {{c1::…}} makes cloze cards.

Cards are keyed by their front, so re-uploading an edited file keeps the history of every card whose
front did not change."""

from __future__ import annotations

import csv
import hashlib
import io

from studybot.decks.formats import cards
from studybot.decks.formats.model import Limits, ParsedDeck, UploadProblem
from studybot.decks.formats.text import decode

HEADER = {"front", "back", "explanation", "question", "answer", "extra"}
DELIMITERS = ",;\t"


def read_delimited(name: str, data: bytes, limits: Limits, deck: ParsedDeck) -> ParsedDeck:
    text = decode(name, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(name, text), strict=True)
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or (line == 1 and _is_header(row)):
                continue
            if len(row) < 2:
                raise UploadProblem(f"{name}:{line}: a row needs at least front and back, separated by the delimiter")
            _add_row(deck, row, seen, limits, f"{name}:{line}")
    except csv.Error as exc:
        raise UploadProblem(f"{name}:{reader.line_num}: {exc}") from None
    return deck


def _delimiter(name: str, text: str) -> str:
    if name.lower().endswith(".tsv"):
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d])


def _is_header(row: list[str]) -> bool:
    return {cell.strip().lower() for cell in row if cell.strip()} <= HEADER


def _add_row(deck: ParsedDeck, row: list[str], seen: set[str], limits: Limits, where: str) -> None:
    front, back = row[0].strip(), row[1].strip()
    explanation = row[2].strip() if len(row) > 2 else None
    key = "c" + hashlib.sha256(front.encode()).hexdigest()[:16]
    if key in seen:
        deck.skipped["the same front twice"] += 1
        return
    seen.add(key)
    try:
        numbers = cards.cloze_numbers(front)
        if numbers:
            for number in numbers:
                deck.cards.append(cards.cloze(f"{key}-{number}", front, number, explanation or back))
        else:
            deck.cards.append(cards.flashcard(key, front, back, explanation))
    except cards.Skip as skip:
        deck.skipped[str(skip)] += 1
    if len(deck.cards) > limits.max_cards:
        raise UploadProblem(f"{where}: more than {limits.max_cards:,} cards in one deck")
