"""Choosing the next card and presenting it as a Prompt with a fresh nonce."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from studybot.decks.schema import FlashCard, McqCard
from studybot.engine import catalog, hints
from studybot.engine.cards import base_labels, citation, prompt_text, quiz_poll
from studybot.engine.catalog import CardRef, deck_of, load_card, load_deck
from studybot.engine.replies import Choice, GradeButtons, GradeOption, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.engine.wording import count, interval
from studybot.srs import Rating
from studybot.storage import cramming, focus, queue, repo, reviews, unseen
from studybot.storage.models import Subscription

PROGRESS_CAP = 99
LEARN_AHEAD = timedelta(minutes=20)  # Anki's default learn-ahead limit
CRAM_PROGRESS = "cram · schedule unchanged · /cram stop ends it"


def next_prompt(turn: Turn, *, open_question: bool = True, answered: int | None = None) -> Prompt | Notice:
    """The open question if there is one, else the most overdue card, else a new card within the limit.
    `open_question=False` says the caller knows there is none (it has just been answered); `answered`: the
    card just answered, which is not asked again while its answer is still on screen."""
    return _ask(turn, catalog.open_question(turn.session, turn.user.id) if open_question else None, answered)


def _ask(
    turn: Turn, opened: tuple[reviews.Pending, CardRef | None] | None, answered: int | None = None
) -> Prompt | Notice:
    """`next_prompt`, given the open question as `catalog.open_question` read it."""
    if opened is not None:
        pending, card = opened
        if pending.expires_at > turn.now and card is not None and not card.retired:
            return shown_again(turn, pending, card)
        turn.close(pending.shown_in)  # replaced below
    if turn.user.cram_deck:
        return next_cram(turn)
    studied = turn.user.study_deck
    card_id = pick_card(turn)
    if card_id is not None and card_id == answered:
        return comes_back(turn, card_id)
    if studied and turn.user.study_deck is None:  # the deck studied for now has nothing more to ask
        title = load_deck(turn.session, studied).title
        done = f"Nothing more to study in {title} for now; back to all your decks."
        return Notice(done, next=present(turn, card_id)) if card_id else Notice(f"{done} {nothing_due(turn).text}")
    if card_id is None:
        return nothing_due(turn)
    return present(turn, card_id)


def next_cram(turn: Turn, exclude: int | None = None) -> Prompt | Notice:
    """The next card of the learner's cram (`exclude`: one just skipped); when the deck has none left
    (its cards were retired), cram ends and the scheduled queue takes over."""
    deck, since = turn.user.cram_deck, turn.user.cram_since
    assert deck is not None
    assert since is not None
    cards = cramming.cram_set(turn.session, turn.user.id, deck)
    card_id = cramming.next_card(turn.session, turn.user.id, cards, since, exclude)
    if card_id is not None:
        return present(turn, card_id, cram=True)
    turn.user = repo.update_profile(turn.session, turn.user, cram_deck=None, cram_since=None)
    reply = next_prompt(turn, open_question=False)
    done = "Cram is over: that deck has no card left to practise."
    return Notice(done, next=reply) if isinstance(reply, Prompt) else Notice(f"{done} {reply.text}")


def current(turn: Turn) -> Prompt | GradeButtons | Notice:
    """What /quiz shows: the open question as the learner left it (a revealed flashcard shows its back
    and grades again), else the next card."""
    opened = catalog.open_question(turn.session, turn.user.id)
    if opened is not None:
        pending, card = opened
        revealed = pending.revealed and pending.expires_at > turn.now
        if revealed and card is not None and not card.retired and isinstance(card.model, FlashCard):
            return grade_buttons(turn, pending, card)
    return _ask(turn, opened)


def grade_buttons(turn: Turn, pending: reviews.Pending, card: CardRef) -> GradeButtons:
    """A flashcard's back with the four grades, each showing the interval that choosing it applies
    (counted from when the card was shown, as answering.record schedules it)."""
    assert isinstance(card.model, FlashCard)
    memory = reviews.load_memory(turn.session, turn.user.id, card.id)
    retention = turn.user.desired_retention
    intervals = turn.srs.preview(memory, pending.shown_at, retention, pending.nonce, turn.parameters)
    options = tuple(GradeOption(int(r), r.name.capitalize(), intervals[r]) for r in Rating)
    deck = deck_of(turn.session, card)
    model = card.model
    source = citation(model, deck)
    return GradeButtons(pending.nonce, model.front, model.back, model.explanation, source, options, pending.cram)


def pick_card(turn: Turn) -> int | None:
    """As Anki: due learning steps, then due reviews, then new cards, then learning steps due within
    LEARN_AHEAD (rather than say "all caught up" with a card minutes away). While the learner studies one
    deck for now (`/quiz DECK`), that deck's next card, as long as it has one."""
    turn.unseen = turn.due_now = None  # read again below: cards may have been reviewed since the last pick
    if turn.user.study_deck:
        new_allowed = new_left_today(turn) > 0
        card_id = focus.next_in_deck(
            turn.session, turn.user.id, turn.user.study_deck, turn.now, new_allowed=new_allowed
        )
        if card_id is not None:
            return card_id
        turn.user = repo.update_profile(turn.session, turn.user, study_deck=None)
    since = turn.local_midnight()
    overview = queue.overview(turn.session, turn.user.id, turn.now, since=since, cap=PROGRESS_CAP + 1)
    card_id, turn.due_now = overview.most_overdue, overview.due
    if turn.new_today is None:
        turn.new_today = overview.new_today
    if card_id is None and new_left_today(turn) > 0:
        cap = min(new_left_today(turn), PROGRESS_CAP + 1)  # what the progress line will count up to
        turn.unseen = unseen.unseen_firsts(turn.session, turn.user.id, turn.now, cap)
        card_id = unseen.first_new(turn.session, turn.user.id, turn.now, turn.unseen)
    if card_id is None:
        card_id = queue.learn_ahead(turn.session, turn.user.id, turn.now, turn.now + LEARN_AHEAD)
    return card_id


def new_left_today(turn: Turn) -> int:
    if turn.new_today is None:
        turn.new_today = queue.new_seen_since(turn.session, turn.user.id, turn.local_midnight())
    return max(turn.user.new_per_day - turn.new_today, 0)


def present(turn: Turn, card_id: int, hints_taken: int = 0, *, cram: bool = False) -> Prompt:
    """Make `card_id` the learner's open question, with choices shuffled for this presentation;
    `hints_taken`: hints already taken (an undone answer comes back with the hints it had);
    `cram`: asked by /cram, so answering it changes no schedule."""
    card = load_card(turn.session, card_id)
    assert card is not None
    order = list(range(len(base_labels(card.model))))
    if card.kind == "mcq":
        turn.rng.shuffle(order)
    pending = reviews.Pending(
        user_id=turn.user.id,
        nonce=turn.new_nonce(),
        card_id=card_id,
        choice_order=order or None,
        revealed=False,
        hint_used=hints_taken > 0,
        hints=hints_taken,
        shown_at=turn.now,
        expires_at=turn.now + turn.settings.prompt_ttl,
        cram=cram,
    )
    reviews.put_pending(turn.session, pending)
    return render_pending(turn, pending, card)


def shown_again(turn: Turn, pending: reviews.Pending, card: CardRef) -> Prompt:
    """The open question asked once more: the messages that showed it so far are closed (one live copy)."""
    if pending.message_ids:
        turn.close(pending.shown_in)
        pending = reviews.update_pending(turn.session, pending, message_ids=None)
    return render_pending(turn, pending, card)


def comes_back(turn: Turn, card_id: int) -> Notice:
    """Only the card just answered is left, a learning step away: say when it is due rather than ask it
    again at once (its answer is still on screen); the learner may study ahead."""
    memory = reviews.load_memory(turn.session, turn.user.id, card_id)
    wait = interval(memory.due - turn.now) if memory is not None else "a moment"
    return Notice(f"Next card in {wait} — or study ahead now.", study_ahead=True)


def render_pending(turn: Turn, pending: reviews.Pending, card: CardRef) -> Prompt:
    model = card.model
    labels = base_labels(model)
    order = pending.choice_order or list(range(len(labels)))
    deck = deck_of(turn.session, card)
    removed = hints.ruled_out(model, pending.nonce, pending.hints) if isinstance(model, McqCard) else []
    return Prompt(
        card_id=card.id,
        deck=card.deck_id,
        deck_title=deck.title,
        kind=card.kind,
        text=prompt_text(model),
        choices=tuple(Choice(str(i + 1), labels[j], labels[j] in removed) for i, j in enumerate(order)),
        nonce=pending.nonce,
        progress=CRAM_PROGRESS if pending.cram else progress_line(turn),
        hint_available=pending.hints < hints.levels(model),
        poll=quiz_poll(model, order, pending.nonce) if turn.user.polls and not removed else None,
    )


def progress_line(turn: Turn) -> str:
    """ "12 due · 5 new left today". Counts stop past PROGRESS_CAP ("99+ due", "99+ new left today") to keep
    every prompt cheap."""
    due, turn.due_now = turn.due_now, None  # the pick's, if it just counted them
    if due is None:
        due = queue.due_count(turn.session, turn.user.id, turn.now, cap=PROGRESS_CAP + 1)
    left = min(new_left_today(turn), PROGRESS_CAP + 1)
    firsts, turn.unseen = turn.unseen, None
    new = unseen.unseen_count(turn.session, turn.user.id, turn.now, cap=left, unseen=firsts) if left else 0
    return f"{_capped(due)} due · {_capped(new)} new left today"


def _capped(count: int) -> str:
    return f"{PROGRESS_CAP}+" if count > PROGRESS_CAP else str(count)


def nothing_due(turn: Turn) -> Notice:
    if not _has_subscription(turn):
        return Notice("You have no decks yet. Send /decks to see them and /subscribe DECK to start.")
    upcoming = queue.next_due(turn.session, turn.user.id, turn.now)
    has_unseen = unseen.unseen_count(turn.session, turn.user.id, turn.now, cap=1) > 0
    parts = ["All caught up."]
    if has_unseen and new_left_today(turn) <= 0:
        parts.append(_new_cards_met(turn.user.new_per_day, turn.new_today or 0))
    if upcoming is not None:
        moment = max(upcoming, turn.now)
        parts.append(f"Next review in {interval(moment - turn.now)}, at {turn.local_when(moment)}.")
    elif not has_unseen:
        parts.append("Every card of your decks is learned or suspended.")
    return Notice(" ".join(parts), Level.INFO)


def _new_cards_met(limit: int, met: int) -> str:
    """Why no new card comes: the day's limit met, or passed (a limit lowered since), or new cards off."""
    if not limit:
        return "New cards are off (/settings new 20 turns them on)."
    if met > limit:
        return f"You have met {count(met, 'new card')} today, more than your daily limit of {limit} now; more tomorrow."
    return f"You have met today's {count(limit, 'new card')}; more tomorrow."


def _has_subscription(turn: Turn) -> bool:
    query = select(func.count()).where(Subscription.user_id == turn.user.id)
    return bool(turn.session.scalar(query))
