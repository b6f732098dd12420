"""The deck list as Discord shows it: in pages that each fit one embed and one select menu, turned with
"Previous" and "Next" buttons (a catalogue of any size is listed, every deck both named and offered); a
"which deck?" question as its menus alone, in pages too past five menus."""

from __future__ import annotations

from studybot.adapters import text
from studybot.adapters.discord.choices import MENUS_MAX, OPTIONS_MAX, DeckPage, deck_menus
from studybot.adapters.discord.message import CONTENT_MAX, DESCRIPTION_MAX, Outgoing, clip, embed, md
from studybot.engine.replies import DeckAction, DeckList
from studybot.engine.wording import count

HOW = "Pick a deck in the menu to subscribe, or a ✅ one to leave it (your progress is kept)."
PAGE_DECKS = OPTIONS_MAX - 1  # a page's menu holds its decks and "Subscribe to all"
PAGE_TEXT = DESCRIPTION_MAX - len(HOW) - 1  # a page's lines, its heading included, above HOW
QUESTION_MENUS = MENUS_MAX - 1  # on each page of a question too long for five menus: the last row turns pages


def deck_list(decks: DeckList, owner: int, page: int = 0) -> Outgoing:
    """Page `page` of the deck list (the last one if the list has shrunk), or a question's menus."""
    out = Outgoing(content=clip(md(decks.message), CONTENT_MAX) if decks.message else None)
    if decks.pick is not None:
        _question(out, decks, owner, page)
        return out
    cuts = pages(decks)
    page = min(max(page, 0), len(cuts) - 1)
    shown = cuts[page]
    lines = [line for index in range(len(decks.decks))[shown] for line in _lines(decks, index)]
    title = "Decks" if len(cuts) == 1 else f"Decks · page {page + 1} of {len(cuts)}"
    out.embeds.append(embed("\n".join([*lines, HOW]), title=title))
    out.choices += deck_menus(decks, owner, shown, page)
    _turns(out, owner, page, len(cuts))
    return out


def _question(out: Outgoing, decks: DeckList, owner: int, page: int) -> None:
    """ "Which deck?" as its menus: five at most, or past that four to a page with the page buttons."""
    menus = deck_menus(decks, owner)
    if len(menus) <= MENUS_MAX:
        out.choices += menus
        return
    count = -(-len(menus) // QUESTION_MENUS)
    page = min(max(page, 0), count - 1)
    out.choices += menus[page * QUESTION_MENUS : (page + 1) * QUESTION_MENUS]
    _turns(out, owner, page, count, decks.pick)


def _turns(out: Outgoing, owner: int, page: int, count: int, question: DeckAction | None = None) -> None:
    if page > 0:
        out.choices.append(DeckPage(owner, page - 1, "◀ Previous", question))
    if page < count - 1:
        out.choices.append(DeckPage(owner, page + 1, "Next ▶", question))


def pages(decks: DeckList) -> list[slice]:
    """The list cut into pages of at most PAGE_DECKS decks whose lines fit PAGE_TEXT characters."""
    cuts, start, size = [], 0, 0
    for index in range(len(decks.decks)):
        length = sum(len(line) + 1 for line in _lines(decks, index))
        if index > start and (index - start == PAGE_DECKS or size + length > PAGE_TEXT):
            cuts.append(slice(start, index))
            start, size = index, 0
        size += length
    return [*cuts, slice(start, len(decks.decks))]


def _lines(decks: DeckList, index: int) -> list[str]:
    """A deck's line, under the "Yours" heading when its own decks start with it."""
    deck = decks.decks[index]
    mark, cards = "✅" if deck.subscribed else "▫️", count(deck.cards, "card")
    line = f"{mark} `{text.deck_name(deck)}` — **{md(deck.title)}** ({cards})"
    return [f"**{text.YOURS}**", line] if text.starts_yours(decks.decks, index) else [line]
