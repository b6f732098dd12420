"""One uploaded file → a `ParsedDeck`: the size checked first, the reader chosen by the file's name and
the content checked against it (a `.csv` that is a zip archive, an `.apkg` that is text: refused)."""

from __future__ import annotations

from pathlib import PurePath

from studybot.decks.formats.anki import read_anki
from studybot.decks.formats.delimited import read_delimited
from studybot.decks.formats.model import Limits, ParsedDeck, UploadProblem, slug_of, title_of
from studybot.decks.formats.yamldeck import read_yaml_deck

TEXT_KINDS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}
ANKI_KINDS = (".apkg", ".colpkg")
ACCEPTED = ".yaml, .csv, .tsv, .apkg or .colpkg"
_BINARY = {b"PK\x03\x04": "a zip archive", b"PK\x05\x06": "a zip archive", b"SQLite f": "an SQLite database"}


def file_name(filename: str) -> str:
    """What a refusal calls the file: its name without any folder, at most 100 characters."""
    return PurePath(filename.replace("\\", "/")).name[:100] or "upload"


def read_upload(filename: str, data: bytes, limits: Limits) -> ParsedDeck:
    name = file_name(filename)
    if len(data) > limits.max_bytes:
        raise UploadProblem(f"{name}: larger than {limits.max_bytes / (1024 * 1024):,.0f} MB")
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    deck = ParsedDeck(slug_of(stem), title_of(stem), "")
    binary = next((what for magic, what in _BINARY.items() if data.startswith(magic)), None)
    if suffix in ANKI_KINDS:
        if binary != "a zip archive":
            raise UploadProblem(f"{name}: not an Anki package (it is not a zip file)")
        return read_anki(name, data, limits, deck)
    if suffix not in TEXT_KINDS:
        raise UploadProblem(f"{name}: I read {ACCEPTED} files")
    if binary is not None:
        raise UploadProblem(f"{name}: the name says {suffix} text but the file is {binary}")
    if TEXT_KINDS[suffix] == "yaml":
        return read_yaml_deck(name, data, limits)
    return read_delimited(name, data, limits, deck)
