"""The upload readers on real files made here: what each format becomes, and every hostile file refused
with one line (FILE or FILE:LINE first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import genanki
import pytest
import zstandard

from studybot.decks import sandbox
from studybot.decks.formats.model import Limits, UploadProblem
from studybot.decks.formats.read import read_upload
from studybot.decks.sandbox import parse_upload
from studybot.decks.schema import ClozeCard, FlashCard
from tests.decks.anki_files import BASIC_AND_REVERSED, current_apkg, legacy_apkg, zipped

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_cards=5_000)


def refusal(name: str, data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(UploadProblem) as caught:
        read_upload(name, data, limits)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_csv_with_a_bom_semicolons_a_header_and_a_cloze() -> None:
    data = (
        "\ufefffront;back;explanation\nWhat is a TLB?;a translation cache;\n"
        "{{c1::Paris}} is in {{c2::France}};capitals;\n"
    )

    deck = read_upload("Geo & HW.csv", data.encode(), LIMITS)

    assert (deck.name, deck.title) == ("geo-hw", "Geo & HW")
    flash, *clozes = deck.cards
    assert isinstance(flash, FlashCard)
    assert (flash.front, flash.back) == ("What is a TLB?", "a translation cache")
    assert [c.text for c in clozes if isinstance(c, ClozeCard)] == ["{{Paris}} is in France", "Paris is in {{France}}"]


def test_a_cloze_with_a_bar_in_its_answer_is_a_card_not_a_skip() -> None:
    deck = read_upload("prob.csv", b"Bayes: {{c1::P(A|B)}} = P(B|A) P(A) / P(B);;\n", LIMITS)
    (card,) = deck.cards
    assert isinstance(card, ClozeCard)
    assert card.gap_answers == ("P(A|B)",)


def test_tsv_without_a_header_and_keys_that_survive_an_edit_of_the_back() -> None:
    before = read_upload("unix.tsv", b"ls\tlists a directory\ncd\tchanges directory\n", LIMITS)
    after = read_upload("unix.tsv", b"ls\tlists directory contents\ncd\tchanges directory\n", LIMITS)
    assert [c.id for c in before.cards] == [c.id for c in after.cards]


def test_yaml_upload_is_checked_like_import_deck() -> None:
    message = refusal("mine.yaml", b"deck: mine\ntitle: Mine\nsources: []\ncards: []\n")
    assert message.startswith("mine.yaml:3: ")


def test_anki_reversed_note_makes_two_cards_keyed_by_note_and_ordinal() -> None:
    deck = read_upload("r.apkg", legacy_apkg([(BASIC_AND_REVERSED, ["chien", "dog"])]), LIMITS)
    assert [(c.front, c.back) for c in deck.cards if isinstance(c, FlashCard)] == [("chien", "dog"), ("dog", "chien")]
    assert [c.id.rsplit("-", 1)[1] for c in deck.cards] == ["0", "1"]


def test_anki_type_in_the_answer_note_is_a_flashcard() -> None:
    typed = genanki.Model(
        1607392320,
        "Basic (type in the answer)",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "c", "qfmt": "{{Front}}<br>{{type:Back}}", "afmt": "{{Front}}<hr id=answer>{{type:Back}}"}],
    )
    deck = read_upload("t.apkg", legacy_apkg([(typed, ["capital of France?", "Paris"])]), LIMITS)
    assert [(c.front, c.back) for c in deck.cards if isinstance(c, FlashCard)] == [("capital of France?", "Paris")]


def test_anki_audio_and_unknown_note_types_are_reported() -> None:
    odd = genanki.Model(
        1607392319,
        "Vocab",
        fields=[{"name": "Word"}],
        templates=[{"name": "c", "qfmt": "{{Word}}", "afmt": "{{Word}}"}],
    )
    package = legacy_apkg([(genanki.BASIC_MODEL, ["Say it [sound:a.mp3]", "hello"]), (odd, ["x"])])

    deck = read_upload("v.apkg", package, LIMITS)

    assert [c.front for c in deck.cards if isinstance(c, FlashCard)] == ["Say it [audio]"]
    assert deck.notes == {"sounds shown as [audio]": 1}
    assert deck.skipped == {"note type “Vocab” (not Basic or Cloze)": 1}


def test_anki_control_characters_never_reach_a_card_a_title_or_a_report() -> None:
    """An Anki field is HTML, where control characters show as nothing; kept, they would drive the terminal
    of whoever studies the deck there (a shared deck reaches `studybot chat` too): colours, a cleared screen,
    a window title, the clipboard."""
    odd = genanki.Model(
        1607392318,
        "Vo\x1b[2Jcab",
        fields=[{"name": "Word"}],
        templates=[{"name": "c", "qfmt": "{{Word}}", "afmt": "{{Word}}"}],
    )
    notes = [(genanki.BASIC_MODEL, ["ch\x1b]52;c;cm0gLXJmIH4=\x07ien\x0b", "d\x1b[31mog\x9b"]), (odd, ["x"])]
    deck = read_upload("v.apkg", legacy_apkg(notes, deck_name="French\x1b]0;pwned\x07 words"), LIMITS)

    assert [(c.front, c.back) for c in deck.cards if isinstance(c, FlashCard)] == [
        ("ch]52;c;cm0gLXJmIH4=ien", "d[31mog")
    ]
    assert deck.title == "French]0;pwned words"
    assert deck.skipped == {"note type “Vo[2Jcab” (not Basic or Cloze)": 1}


def test_a_zstd_bomb_in_the_current_layout_stops_at_twenty_times_the_limit() -> None:
    bomb = zstandard.ZstdCompressor(level=19).compress(bytes(3 * 1024 * 1024))
    small = Limits(max_bytes=100 * 1024, max_cards=10)
    message = refusal("bomb.apkg", zipped({"collection.anki21b": bomb}), small)
    assert message == "bomb.apkg: refused: the collection expands past 2 MB (a zip bomb?)"


def _collection(tmp_path: Path, script: str) -> bytes:
    path = tmp_path / "c.anki2"
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()
    return zipped({"collection.anki2": path.read_bytes()})


ANKI_TABLES = (
    "CREATE TABLE col (models text, decks text); "
    "CREATE TABLE notes (id, mid, flds); CREATE TABLE cards (nid, did, ord);"
)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("CREATE TABLE people (name text);", "not an Anki collection (no cards, col, notes table)"),
        (ANKI_TABLES + "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM cards; END;", "triggers or views"),
        (ANKI_TABLES + "CREATE VIEW v AS SELECT * FROM notes;", "triggers or views"),
        (
            ANKI_TABLES + "INSERT INTO col VALUES ('{}', '{}'); INSERT INTO notes VALUES (1, 1, zeroblob(2000000));"
            "INSERT INTO cards VALUES (1, 1, 0);",
            "huge row",
        ),
        (ANKI_TABLES + "INSERT INTO col VALUES ('not json', '{}');", "note types are damaged"),
    ],
)
def test_hostile_sqlite_collections(tmp_path: Path, script: str, expected: str) -> None:
    message = refusal("evil.apkg", _collection(tmp_path, script))
    assert message.startswith("evil.apkg: ")
    assert expected in message


def test_a_collection_that_is_not_sqlite_and_too_many_cards(tmp_path: Path) -> None:
    assert "not an SQLite database" in refusal("x.apkg", zipped({"collection.anki2": b"hello"}))
    package = current_apkg([(n, 1, [f"q{n}", f"a{n}"], [0]) for n in range(1, 5)])
    assert refusal("many.apkg", package, Limits(10_000_000, 3)) == "many.apkg: 4 cards; at most 3 in one deck"


def test_control_characters_and_unknown_extensions() -> None:
    assert refusal("c.csv", b"a,b\nc\x1b[2J,d\n") == "c.csv:2: a control character (U+001B); a deck file is plain text"
    assert refusal("notes.docx", b"a,b") == "notes.docx: I read .yaml, .csv, .tsv, .apkg or .colpkg files"


async def test_the_worker_is_killed_at_its_time_limit() -> None:
    with pytest.raises(UploadProblem) as caught:
        await parse_upload("slow.csv", b"a,b\n" * 1000, LIMITS, seconds=0)
    assert str(caught.value) == "slow.csv: reading it took longer than 0 s; refused"
    deck = await parse_upload("fine.csv", b"a,b\n", LIMITS, seconds=60)
    assert [c.id for c in deck.cards] == [read_upload("fine.csv", b"a,b\n", LIMITS).cards[0].id]


async def test_the_worker_sees_no_token_or_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("STUDYBOT_DATABASE_URL", "postgresql://secret")
    env = sandbox.child_environment()
    assert "TELEGRAM_BOT_TOKEN" not in env
    assert "STUDYBOT_DATABASE_URL" not in env
    deck = await parse_upload("fine.csv", b"a,b\n", LIMITS, seconds=60)
    assert len(deck.cards) == 1


async def test_text_in_any_script_comes_back_from_the_worker_as_it_was_written() -> None:
    data = "什么是梯度提升？;一种集成方法 🌲🌲\nΣ über alles;naïve — ok\n".encode()
    deck = await parse_upload("mixed.csv", data, LIMITS, seconds=60)
    assert [(c.front, c.back) for c in deck.cards if isinstance(c, FlashCard)] == [
        ("什么是梯度提升？", "一种集成方法 🌲🌲"),
        ("Σ über alles", "naïve — ok"),
    ]
