"""The deck list, "which deck?" and the /start greeting as Telegram messages: every deck named, and as many
as fit as buttons (Telegram's keyboards hold 100 buttons and about 10 kB)."""

from __future__ import annotations

from studybot.adapters import text
from studybot.adapters.telegram.keyboards import Audience, deck_keyboard, with_buttons
from studybot.adapters.telegram.markup import bold, esc, italic
from studybot.adapters.telegram.outgoing import Outgoing, plain
from studybot.engine.replies import DeckList, Notice
from studybot.engine.wording import count


def deck_messages(decks: DeckList, to: Audience) -> list[Outgoing]:
    """The deck list (anyone may tap it for themselves), or "which deck?" with the decks as buttons."""
    if decks.pick is None:
        lines = [esc(decks.message)] if decks.message else []
        return plain(lines + deck_lines(decks), deck_keyboard(decks))
    markup = deck_keyboard(decks, to.user_id)
    lines = [esc(decks.message or "Which deck?")]
    held = with_buttons(markup)
    if rest := [f"<code>{esc(text.deck_name(d))}</code>" for d in decks.decks if d.id not in held]:  # past the keyboard
        lines.append(f"More, by typing {esc(text.TYPED_PICKS[decks.pick])}: {', '.join(rest)}")
    return plain(lines, markup)


def deck_lines(decks: DeckList) -> list[str]:
    lines = [bold("Decks")]
    for index, deck in enumerate(decks.decks):
        if text.starts_yours(decks.decks, index):
            lines.append(bold(text.YOURS))
        mark = "✓ " if deck.subscribed else ""
        lines.append(
            f"{mark}{bold(deck.title)} — <code>{esc(text.deck_name(deck))}</code>, {count(deck.cards, 'card')}"
        )
    lines.append(italic("✓ subscribed · tap a deck to subscribe, a ✓ deck to leave it (your progress is kept)"))
    return lines


def greeting(name: str, decks: DeckList | Notice) -> Outgoing:
    """/start: three lines, and the decks as subscribe buttons."""
    lines = [
        f"Hello{', ' + esc(name) if name else ''}! I quiz you with spaced repetition.",
        "Tap a deck below to subscribe (✓ = subscribed).",
        "Then /quiz asks you a card; /help lists everything.",
    ]
    markup = deck_keyboard(decks) if isinstance(decks, DeckList) else None
    if isinstance(decks, DeckList) and {d.id for d in decks.decks} - with_buttons(markup):
        lines.append("Not every deck has a button here: /decks lists every deck, /subscribe DECK takes one.")
    return Outgoing("\n".join(lines), markup)
