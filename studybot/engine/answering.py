"""Answering the open question: typed text, a choice, a flashcard reveal or a self-grade."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from studybot.decks.schema import AnyCard, ClozeCard, FlashCard, McqCard, ShortCard, TrueFalseCard
from studybot.engine import account, asking, session
from studybot.engine.buttons import outdated
from studybot.engine.cards import TRUE_FALSE_LABELS, accepted_answers, asks_for_threshold, citation, expected_answer
from studybot.engine.catalog import CardRef, deck_of, open_question, typed_answers
from studybot.engine.grading import (
    MAX_ANSWER_CHARS,
    choice_range,
    match_typed,
    normalise,
    parse_choice,
    parse_grade,
    parse_truefalse,
)
from studybot.engine.replies import DeckList, Feedback, GradeButtons, Level, Notice, Prompt
from studybot.engine.turn import Turn
from studybot.srs import Memory, Rating
from studybot.storage import repo, reviews

STALE = "That question is no longer open (answered, skipped or replaced). Send /quiz for the current one."
NO_QUESTION = "No question is open. Send /quiz to get one."


@dataclass(frozen=True)
class Verdict:
    rating: Rating
    correct: bool | None
    near_miss: bool = False
    expected: str | None = None
    choice: str | None = None  # the label of the choice taken


def answer_or_greet(turn: Turn, text: str, nonce: str | None) -> Feedback | GradeButtons | Notice | DeckList:
    """`answer`; but a chat line from someone without decks and no question ("hello") gets the greeting."""
    opened = open_question(turn.session, turn.user.id)  # read once: answering needs it too
    if opened is None and nonce is None and not repo.subscribed_deck_ids(turn.session, turn.user.id):
        return account.greet(turn, subscribe_all=False)
    return _answer_open(turn, text, nonce, opened)


def stale(turn: Turn, nonce: str) -> Notice:
    """The reply to a button of a question that is no longer open; `answered_already` when the learner has just
    answered it (a double tap: the first press shows the answer)."""
    return Notice(STALE, Level.ERROR, answered_already=reviews.answered_last(turn.session, turn.user.id, nonce))


def answer(turn: Turn, text: str, nonce: str | None) -> Feedback | GradeButtons | Notice:
    """Grade `text` against the open question. `nonce` (from a button) must name that question."""
    return _answer_open(turn, text, nonce, open_question(turn.session, turn.user.id))


def answer_if_right(turn: Turn, text: str) -> Feedback | GradeButtons | Notice | None:
    """`text` as the answer to the open typed question, if it is exactly one of its answers (a cloze whose answer
    is "easy"); else None, and nothing done. For chat lines that are also commands: "easy", "I was right"."""
    opened = open_question(turn.session, turn.user.id)
    pending, card = opened or (None, None)
    if pending is None or card is None or card.retired or pending.expires_at <= turn.now:
        return None
    model = card.model
    if not isinstance(model, ShortCard | ClozeCard):
        return None
    if not match_typed(text, accepted_answers(model), threshold=asks_for_threshold(model)).exact:
        return None
    return _answer_open(turn, text, None, opened)


def _answer_open(
    turn: Turn, text: str, nonce: str | None, opened: tuple[reviews.Pending, CardRef | None] | None
) -> Feedback | GradeButtons | Notice:
    """`answer`, given the open question as `open_question` read it."""
    if opened is None:
        return stale(turn, nonce) if nonce else Notice(NO_QUESTION, Level.INFO)
    pending, card = opened
    if nonce is not None and nonce != pending.nonce:
        return stale(turn, nonce)
    if pending.expires_at <= turn.now or card is None or card.retired:
        turn.close(reviews.drop_pending(turn.session, turn.user.id))
        return Notice("That question expired. Here is a fresh one.", next=_as_prompt(asking.next_prompt(turn)))
    model = card.model
    if isinstance(model, FlashCard):
        if not pending.revealed:
            return reveal(turn, pending.nonce)
        rating = parse_grade(text)
        if rating is None:
            return Notice("Grade yourself: 1 Again, 2 Hard, 3 Good, 4 Easy.", Level.ERROR)
        return _self_graded(turn, pending, card, model, rating)
    verdict = judge(model, pending, text, others=_other_answers(turn, card))
    if verdict is None:
        return Notice(_how_to_answer(model), Level.ERROR)
    return record(turn, pending, card, model, verdict, given=text[:MAX_ANSWER_CHARS])


def judge(model: AnyCard, pending: reviews.Pending, text: str, others: Iterable[str] = ()) -> Verdict | None:
    """None when `text` is not an answer at all (an unknown choice, an empty message). `others`: the
    answers of other cards, which a typed near miss must not be closer to (a generator: read only for near misses)."""
    if isinstance(model, McqCard):
        order = pending.choice_order or list(range(len(model.choices)))
        shown = [model.choices[i] for i in order]
        index = parse_choice(text, shown)
        if index is None:
            return None
        choice = shown[index]
        correct = choice == model.answer
    elif isinstance(model, TrueFalseCard):
        said = parse_truefalse(text)
        if said is None:
            return None
        choice = TRUE_FALSE_LABELS[0] if said else TRUE_FALSE_LABELS[1]
        correct = said == model.answer
    else:
        assert isinstance(model, ShortCard | ClozeCard)
        if not normalise(text):
            return None
        match = match_typed(text, accepted_answers(model), others=others, threshold=asks_for_threshold(model))
        if match.correct:
            rating = Rating.HARD if pending.hints else Rating.GOOD
            return Verdict(rating, True, near_miss=not match.exact, expected=match.expected)
        return Verdict(Rating.AGAIN, False)
    if not correct:
        return Verdict(Rating.AGAIN, False, choice=choice)
    return Verdict(Rating.HARD if pending.hints else Rating.GOOD, True, choice=choice)


def _other_answers(turn: Turn, card: CardRef) -> Iterator[str]:
    for card_id, answers in typed_answers(turn.session, card.deck_id, card.deck_hash).items():
        if card_id != card.id:
            yield from answers


def _how_to_answer(model: AnyCard) -> str:
    if isinstance(model, McqCard):
        return f"That is not one of the choices: {choice_range(len(model.choices))}."
    if isinstance(model, TrueFalseCard):
        return "Answer true or false (1 or 2)."
    return "Type your answer, or send /hint or /skip."


def _open_flashcard(turn: Turn, nonce: str, not_flashcard: str) -> tuple[reviews.Pending, CardRef, FlashCard] | Notice:
    """The open question named by `nonce`, if it is a flashcard; else the Notice to reply with."""
    opened = open_question(turn.session, turn.user.id)
    if opened is None or opened[0].nonce != nonce:
        return stale(turn, nonce)
    pending, card = opened
    if card is None or not isinstance(card.model, FlashCard):
        return Notice(not_flashcard, Level.ERROR)
    return pending, card, card.model


def reveal(turn: Turn, nonce: str) -> GradeButtons | Notice:
    opened = _open_flashcard(turn, nonce, "This question is answered by choosing or typing, not by revealing.")
    if isinstance(opened, Notice):
        return opened
    pending, card, _model = opened
    pending = reviews.update_pending(turn.session, pending, revealed=True)
    return asking.grade_buttons(turn, pending, card)


def grade(turn: Turn, nonce: str, rating: Rating) -> Feedback | GradeButtons | Notice:
    """A self-grade button on a flashcard."""
    opened = _open_flashcard(turn, nonce, "This question is graded automatically; answer it instead.")
    if isinstance(opened, Notice):
        return opened
    pending, card, model = opened
    return _self_graded(turn, pending, card, model, rating)


def _self_graded(
    turn: Turn, pending: reviews.Pending, card: CardRef, model: FlashCard, rating: Rating
) -> Feedback | GradeButtons | Notice:
    """Grade a flashcard, unless its buttons no longer say what the grade would do: then show them anew."""
    if not pending.cram and outdated(turn, pending, reviews.load_memory(turn.session, turn.user.id, card.id)):
        fresh = reviews.update_pending(turn.session, pending, nonce=turn.new_nonce(), shown_at=turn.now)
        return replace(asking.grade_buttons(turn, fresh, card), refreshed=True)
    return record(turn, pending, card, model, Verdict(rating, None), given=None)


def record(
    turn: Turn, pending: reviews.Pending, card: CardRef, model: AnyCard, verdict: Verdict, given: str | None
) -> Feedback | Notice:
    """Claim the question (exactly one answer wins), review the card, log it, and ask the next one."""
    claimed = reviews.claim_pending(turn.session, turn.user.id, pending.nonce)
    if claimed is None:
        return stale(turn, pending.nonce)
    turn.close(claimed.shown_in)
    before = reviews.load_memory(turn.session, turn.user.id, card.id)
    cram = pending.cram and before is not None  # cram practice: graded and logged, the schedule left alone
    log = {
        "user_id": turn.user.id,
        "card_id": card.id,
        "nonce": pending.nonce,
        "rating": int(verdict.rating),
        "answer": given,
        "correct": verdict.correct,
        "was_new": before is None,
        "overridden": False,
        "cram": cram,
        "reviewed_at": turn.now,
        "duration_ms": int((turn.now - pending.shown_at).total_seconds() * 1000),
        "platform": turn.learner.platform,
        "previous": before.to_json() if before and not cram else None,
        "hints": pending.hints,
        "message_ids": list(claimed.shown_in) or None,
    }
    if cram and before is not None:
        after, tally = before, None
        reviews.log_review(turn.session, **log)
    else:
        after = _review(turn, before, verdict.rating, pending)
        tally = session.count(turn, after, log, verdict.rating)
    if before is None:
        turn.new_today = None  # a new card was just introduced
    deck = deck_of(turn.session, card)
    self_graded = verdict.correct is None  # a flashcard: its back showed the explanation and source already
    next_reply = asking.next_prompt(turn, open_question=False, answered=None if cram else card.id)
    return Feedback(
        correct=verdict.correct,
        expected=verdict.expected or expected_answer(model),
        given=given,
        near_miss=verdict.near_miss,
        explanation=None if self_graded else model.explanation,
        source=citation(model, deck),
        rating=verdict.rating.name.capitalize(),
        due=after.due,
        interval=after.due - turn.now,
        nonce=pending.nonce,
        can_override=not cram and verdict.correct is False and isinstance(model, ShortCard | ClozeCard),  # fuzzy
        can_mark_easy=not cram and verdict.correct is True and verdict.rating == Rating.GOOD,
        leech=after.suspended and not (before and before.suspended),
        next=next_reply,
        details_shown=self_graded,
        cram=cram,
        summary=None if tally is None else session.summary(turn, next_reply, tally),
        choice=verdict.choice,
    )


def _review(turn: Turn, before: Memory | None, rating: Rating, pending: reviews.Pending) -> Memory:
    """The card's new memory: FSRS at this moment. A flashcard's buttons showed the same intervals (when they
    no longer do, `_self_graded` shows them anew instead of grading)."""
    return turn.srs.review(before, rating, turn.now, turn.user.desired_retention, pending.nonce, turn.parameters)


def _as_prompt(reply: Prompt | Notice) -> Prompt | None:
    return reply if isinstance(reply, Prompt) else None
