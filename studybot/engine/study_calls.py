"""The studying half of QuizEngine: decks to study, questions, answers, hints, and the chat messages and
polls that show a question."""

from __future__ import annotations

from studybot.engine import account, answering, cram, deckpick, history, moves, presentations, studying
from studybot.engine.calls import EngineCalls
from studybot.engine.inputs import clean, clean_learner
from studybot.engine.replies import DeckAction, DeckList, Feedback, GradeButtons, Learner, Notice, Prompt, QuizPoll
from studybot.srs import Rating
from studybot.storage.dberrors import StorageBusy, StorageFull, StorageUnavailable

DeckReply = Prompt | GradeButtons | Notice | DeckList  # what a deck command or a tap on a deck may answer


class StudyCalls(EngineCalls):
    """What a learner does while studying; every method is one call (one transaction)."""

    async def start(self, learner: Learner, *, subscribe_all: bool = False) -> Notice | DeckList:
        """Greet the learner; a learner without decks gets every deck (`subscribe_all`) or the decks to tap."""
        return await self._call(learner, lambda turn: account.greet(turn, subscribe_all=subscribe_all))

    async def decks(self, learner: Learner) -> DeckList | Notice:
        return await self._call(learner, account.list_decks)  # writes: it marks new decks as seen

    async def deck_choices(self, learner: Learner) -> DeckList | Notice:
        """The deck list for suggestions as a name is typed (autocomplete): read only, new decks stay new."""
        return await self._call(learner, lambda turn: account.list_decks(turn, mark_seen=False), read_only=True)

    async def subscribe(self, learner: Learner, deck: str) -> DeckReply:
        """Subscribe to `deck` ("all": every deck); no deck: the decks to choose from."""
        return await self.pick_deck(learner, DeckAction.SUBSCRIBE, deck)

    async def unsubscribe(self, learner: Learner, deck: str) -> DeckReply:
        return await self.pick_deck(learner, DeckAction.UNSUBSCRIBE, deck)

    async def next(self, learner: Learner, deck: str | None = None) -> DeckReply:
        """The open question as the learner left it (a revealed flashcard: its grades), else the next card;
        with `deck`, study that deck only for now ("all": every deck). A learner without decks gets every
        deck to choose from."""
        if deck:
            chosen = clean(deck)
            return await self._call(learner, lambda turn: cram.leaving_cram(turn, lambda t: studying.study(t, chosen)))
        return await self._call(learner, lambda turn: cram.leaving_cram(turn, deckpick.current), asking=True)

    async def cram(self, learner: Learner, deck: str) -> DeckReply:
        """Practise `deck`'s missed cards in a loop without changing the schedule ("stop" ends it);
        no deck: the learner's decks to choose from."""
        return await self.pick_deck(learner, DeckAction.CRAM, deck)

    async def pick_deck(self, learner: Learner, action: DeckAction, deck: str) -> DeckReply:
        """`action` on deck `deck` (a tap on a DeckList's deck, or the command typed); no deck: "which deck?"."""
        deck = clean(deck)
        if not deck.strip():
            return await self._call(learner, lambda turn: deckpick.ask(turn, action))
        return await self._call(learner, lambda turn: deckpick.pick(turn, action, deck))

    async def answer(
        self, learner: Learner, text: str, nonce: str | None = None
    ) -> Feedback | GradeButtons | Notice | DeckList:
        """A typed answer, a choice key ("2"), or a button press carrying the prompt's nonce."""
        text, nonce = clean(text), None if nonce is None else clean(nonce, 64)
        reply = await self._answering(learner, lambda turn: answering.answer_or_greet(turn, text, nonce))
        assert reply is not None
        return reply

    async def reveal(self, learner: Learner, nonce: str) -> GradeButtons | Notice:
        nonce = clean(nonce, 64)
        return await self._call(learner, lambda turn: answering.reveal(turn, nonce), asking=True)

    async def grade(self, learner: Learner, nonce: str, rating: Rating) -> Feedback | GradeButtons | Notice:
        nonce = clean(nonce, 64)
        reply = await self._answering(learner, lambda turn: answering.grade(turn, nonce, rating))
        assert reply is not None
        return reply

    async def hint(self, learner: Learner, nonce: str | None = None) -> Notice:
        """The next hint for the open question; `nonce` (from a button) must name that question."""
        nonce = None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: moves.hint(turn, nonce))

    async def skip(self, learner: Learner) -> Notice:
        """Set the open question aside until tomorrow (saying which it was) and ask another."""
        return await self._call(learner, moves.skip)

    async def override(self, learner: Learner, nonce: str | None) -> Notice:
        """Count the latest wrong answer as right; `nonce` (from a button) must name that answer."""
        nonce = None if nonce is None else clean(nonce, 64)
        return await self._call(learner, lambda turn: history.override(turn, nonce))

    async def easy(self, learner: Learner, nonce: str | None = None) -> Feedback | GradeButtons | Notice:
        """Rate the latest right answer Easy instead of Good (`Feedback.can_mark_easy`; the button carries
        its nonce). With no nonce and a flashcard's back open, grade that card Easy."""
        reply = await self._answering(learner, lambda turn: history.easy(turn, nonce))
        assert reply is not None
        return reply

    async def typed_phrase(self, learner: Learner, text: str, *, easy: bool) -> Feedback | GradeButtons | Notice:
        """ "I was right" (or "easy" when `easy`) typed in the chat: the answer to an open typed question whose
        answer it is, else `override` (or `easy`) of the latest answer."""
        text = clean(text)
        reply = await self._answering(learner, lambda turn: history.typed_phrase(turn, text, easy_said=easy))
        assert reply is not None
        return reply

    async def undo(self, learner: Learner) -> Notice:
        return await self._call(learner, history.undo)

    async def remember_messages(self, learner: Learner, nonce: str, refs: list[str]) -> None:
        """Chat messages `refs` (opaque to the engine) show the open question `nonce`; see `answer_reply`."""
        nonce, refs = clean(nonce, 64), [clean(ref, 64) for ref in refs]
        account = clean_learner(learner)
        if account is None or not refs:
            return
        try:  # most often the question was just sent: one statement, no turn (this runs after every question)
            if await self.db.run(lambda session: presentations.remember_first_messages(session, account, nonce, refs)):
                return
        except (StorageBusy, StorageFull, StorageUnavailable):
            return  # the question stays answerable by its buttons; only a reply to its message is not matched
        await self._call(learner, lambda turn: presentations.remember_messages(turn, nonce, refs))

    async def answer_reply(self, learner: Learner, ref: str, text: str) -> Feedback | GradeButtons | Notice:
        """A typed answer sent as a reply to chat message `ref`: it counts only for the question `ref` shows."""
        ref, text = clean(ref, 64), clean(text)
        reply = await self._answering(learner, lambda turn: presentations.answer_reply(turn, ref, text))
        assert reply is not None
        return reply

    async def remember_poll(
        self, learner: Learner, poll_id: str, poll: QuizPoll, ref: str | None = None
    ) -> Notice | None:
        """Poll `poll_id` shows the open question `poll.nonce`; `ref`: its chat message (to close it later).
        A Notice (busy, unreachable, disk full) when it could not be noted: a vote on it would count for nothing."""
        poll_id, refs = clean(poll_id, 64), [] if ref is None else [clean(ref, 64)]
        return await self._call(learner, lambda turn: presentations.remember_poll(turn, poll_id, poll, refs))

    async def answer_poll(self, learner: Learner, poll_id: str, option: int) -> Feedback | GradeButtons | Notice | None:
        """The learner chose `option` (0-based) in poll `poll_id`; None when it is not their poll."""
        poll_id = clean(poll_id, 64)
        return await self._answering(learner, lambda turn: presentations.answer_poll(turn, poll_id, option))
