"""Learners' own decks through the engine: uploads, /add, privacy, sharing, re-uploads and /deletedeck."""

from __future__ import annotations

from sqlalchemy import func, select

from studybot.decks.formats.model import Limits
from studybot.decks.formats.read import read_upload
from studybot.decks.schema import ClozeCard, FlashCard
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Document, Learner, Notice
from studybot.storage import ownership
from studybot.storage.models import Card, CardState, Deck, ReviewLog
from tests.conftest import Chat

GC_CSV = "\ufefffront;back\nWhat does GC stand for?;garbage collection\nWhat is a TLB?;a translation cache\n"


async def upload(chat: Chat, name: str, content: str | bytes) -> str:
    data = content.encode() if isinstance(content, str) else content
    chat.last = await chat.engine.upload(chat.learner, name, data)
    assert isinstance(chat.last, Notice)
    return chat.last.text


async def study_one(chat: Chat, deck: str) -> None:
    """Ask the first card of `deck`, show its back and grade it Good."""
    assert "[" in await chat.send(f"/quiz {deck}")
    await chat.send("")
    assert (await chat.send("3")).startswith("Graded Good.")


async def test_an_upload_becomes_a_private_deck_of_its_owner(engine: QuizEngine) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")

    reply = await upload(ana, "GC notes.csv", GC_CSV)

    assert reply == "Imported 2 cards into “GC notes”. Send /quiz gc-notes to study it."
    assert "GC notes" in await ana.send("/decks")
    assert "GC notes" not in await bob.send("/decks")
    assert (await bob.send("/subscribe gc-notes")).startswith("Error: There is no deck called")
    assert (await bob.send(f"/subscribe {ana_deck_id(engine)}")).startswith("Error: There is no deck called")
    assert (await bob.send("/subscribe GC notes")).startswith("Error: There is no deck called")
    await bob.send("/subscribe all")
    assert "GC notes" not in await bob.send("/stats")
    await study_one(ana, "gc-notes")


def ana_deck_id(engine: QuizEngine) -> str:
    with engine.db.transaction() as session:
        return str(session.scalar(select(Deck.id).where(Deck.owner_id.is_not(None))))


async def test_a_learner_deck_never_takes_a_bundled_deck_id(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "physics.csv", "front,back\nA,B\n")
    with engine.db.transaction() as session:
        bundled = session.scalars(select(Deck).where(ownership.BUNDLED, Deck.id == "physics")).one()
        assert bundled.title == "Physics basics"
        own = session.scalars(select(Deck).where(Deck.owner_id.is_not(None))).one()
    assert own.id != "physics"
    assert "Physics basics" in await ana.send("/decks")


async def test_reupload_updates_in_place_and_keeps_history(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "gc.csv", GC_CSV)
    await study_one(ana, "gc")

    reply = await upload(
        ana, "gc.csv", GC_CSV.replace("a translation cache", "a cache of page translations") + "Q3;A3\n"
    )

    assert reply.startswith("Updated “gc”: 1 added, 1 changed, 1 unchanged, 0 removed")
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 1
        assert session.scalar(select(func.count()).select_from(CardState)) == 1


async def test_a_shared_deck_is_studied_with_separate_schedules(engine: QuizEngine) -> None:
    ana, bob, cy = Chat(engine, "ana"), Chat(engine, "bob"), Chat(engine, "cy")
    await upload(ana, "gc.csv", GC_CSV)
    share = await ana.send("/share gc")
    assert isinstance(ana.last, Notice)
    assert ana.last.share_code is not None
    code = ana.last.share_code
    assert f"/subscribe {code}" in share

    assert await bob.send(f"/subscribe {code}") == "Subscribed to gc, shared with you. Send /quiz to start."
    await study_one(bob, "gc")
    await study_one(ana, "gc")
    await study_one(ana, "gc")
    with engine.db.transaction() as session:
        per_learner = dict(session.execute(select(CardState.user_id, func.count()).group_by(CardState.user_id)).all())
    assert sorted(per_learner.values()) == [1, 2]

    assert (await ana.send("/share gc off")).startswith("gc is no longer shared.")
    assert (await cy.send(f"/subscribe {code}")).startswith("Error: That share code is unknown")
    assert "gc" in await bob.send("/decks")  # those who joined keep it


async def test_add_makes_my_cards_and_cloze_cards(engine: QuizEngine) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")
    assert await ana.send("/add What is RAII? | tying a resource to an object's lifetime") == (
        "Added 1 card to My cards. /quiz my-cards studies them."
    )
    assert await ana.send("/add The {{c1::heap}} holds {{c2::objects}}") == (
        "Added 2 cloze cards to My cards. /quiz my-cards studies them."
    )
    assert (await ana.send("/add no bar here")).startswith("Error: Send /add FRONT | BACK")
    assert (await ana.send("/decks")).split("\n")[-3:-1] == ["Yours:", "* my-cards — My cards (3 cards)"]
    assert "My cards" not in await bob.send("/decks")
    assert "[My cards" in await ana.send("/quiz my-cards")


async def test_a_cloze_whose_answer_has_a_bar_keeps_it_whole(engine: QuizEngine) -> None:
    """P(A|B): the bar is part of the answer, not a second accepted form ("B)" is not right)."""
    ana = Chat(engine, "ana")
    assert (await ana.send("/add Read {{c1::P(A|B)}} as the probability of A given B")).startswith("Added 1 cloze card")
    assert "Read ____ as" in await ana.send("/quiz my-cards")
    assert "The answer is: P(A|B)" in await ana.send("B)")
    await ana.send("/undo")
    assert (await ana.send("p(a|b)")).startswith("✓")


async def test_deletedeck_asks_then_deletes_with_reviews(engine: QuizEngine) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")
    await upload(ana, "gc.csv", GC_CSV)
    await study_one(ana, "gc")
    assert (await bob.send("/deletedeck physics")).startswith("Error: You have no deck called")

    asked = await ana.send("/deletedeck gc")

    assert asked.startswith("This deletes gc with its 1 review (1 learner studying it).")
    assert "gc" in await ana.send("/decks")
    assert await ana.send("/deletedeck gc confirm") == "Deleted gc and its 1 review."
    assert "gc —" not in await ana.send("/decks")
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 0


async def test_limits_on_cards_and_decks(engine: QuizEngine) -> None:
    engine.settings = type(engine.settings)(upload_max_cards=2, max_decks_per_learner=2)
    ana = Chat(engine, "ana")
    assert (await upload(ana, "big.csv", "a,b\nc,d\ne,f\n")).startswith("big.csv:3: more than 2 cards")
    await upload(ana, "one.csv", "a,b\n")
    await upload(ana, "two.csv", "a,b\n")
    assert "the most I keep" in await upload(ana, "three.csv", "a,b\n")
    assert (await upload(ana, "one.csv", "a,b\nc,d\n")).startswith("Updated")  # an update needs no room
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Deck).where(Deck.owner_id.is_not(None))) == 2


async def test_uploads_in_a_group_point_to_the_private_chat(engine: QuizEngine) -> None:
    reply = await engine.upload(Learner("telegram", "5"), "gc.csv", GC_CSV.encode(), private=False)
    assert reply.text == "Decks of your own are private: send me the file in a private chat."


async def test_export_deck_is_an_anki_package_that_reads_back(engine: QuizEngine) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")
    await ana.send("/add What is <RAII>? | scope & lifetime")
    await ana.send("/add The {{c1::heap}} holds objects")

    exported = await engine.export(ana.learner, "my-cards")
    physics = await engine.export(bob.learner, "physics")

    assert isinstance(exported, Document)
    assert exported.filename == "my-cards.apkg"
    back = read_upload("my-cards.apkg", exported.content, Limits(10_000_000, 100))
    assert [(c.front, c.back) for c in back.cards if isinstance(c, FlashCard)] == [
        ("What is <RAII>?", "scope & lifetime")
    ]
    assert [c.text for c in back.cards if isinstance(c, ClozeCard)] == ["The {{heap}} holds objects"]
    assert isinstance(physics, Document)
    assert len(read_upload("physics.apkg", physics.content, Limits(10_000_000, 100)).cards) == 5
    refused = await engine.export(bob.learner, "my-cards")
    assert isinstance(refused, Notice)
    assert refused.text.startswith("There is no deck called")


async def test_own_decks_follow_their_learner_when_accounts_are_linked_and_keep_their_name(engine: QuizEngine) -> None:
    ana, ana_elsewhere = Chat(engine, "ana"), Chat(engine, "ana-on-discord")
    await upload(ana, "gc.csv", GC_CSV)
    said = await ana_elsewhere.send("/link")
    code = said.split("Your link code: ")[1].split()[0]
    await ana.send(f"/link {code}")  # ana's account joins the learner of her other account

    assert "gc" in await ana_elsewhere.send("/share gc")  # hers, from either account
    reply = await upload(ana, "gc.csv", GC_CSV + "Q3;A3\n")
    assert reply.startswith("Updated “gc”: 1 added")  # the same deck, not a second one
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Deck).where(Deck.owner_id.is_not(None))) == 1
    assert "[gc ·" in await ana_elsewhere.send("/quiz gc")


async def test_share_codes_do_not_follow_from_the_randomness_that_question_ids_come_from(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "gc.csv", GC_CSV)
    codes = []
    for _ in range(2):
        engine.rng.seed(7)  # the same state of the rng whose draws show in every question's buttons
        await ana.send("/share gc")
        assert isinstance(ana.last, Notice)
        codes.append(ana.last.share_code)
        await ana.send("/share gc off")
    assert codes[0] != codes[1]


async def test_which_deck_lists_the_learners_own_decks_last_under_yours(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await ana.send("/subscribe all")
    await upload(ana, "GC notes.csv", GC_CSV)

    for command in ("/unsubscribe", "/cram"):
        listed = (await ana.send(command)).splitlines()
        yours = listed.index("Yours:")
        assert [line for line in listed[yours + 1 :] if line.startswith("*")] == ["* gc-notes — GC notes (2 cards)"]


async def test_after_unlink_an_account_cannot_write_into_the_decks_it_left_with_the_learner(engine: QuizEngine) -> None:
    """A deck keeps its id when it follows the learner (u<account>.<name>); after /unlink the account that
    made it is a learner of its own again, and the names it uploads or adds under must not reach that deck."""
    ana, ben = Chat(engine, "ana"), Chat(engine, "ben")
    await upload(ben, "gc.csv", GC_CSV)
    await ben.send("/add a front | a back")
    said = await ana.send("/link")
    await ben.send(f"/link {said.split('Your link code: ')[1].split()[0]}")
    assert "Unlinked" in await ben.send("/unlink")  # ana keeps the decks; ben starts from a copy of the schedule
    anas = own_decks_of(engine)

    assert (await upload(ben, "gc.csv", "front;back\nben's own?;yes\n")).startswith("Imported 1 card into “gc”.")
    assert (await ben.send("/add another front | another back")).startswith("Added 1 card to My cards.")

    assert {deck: anas[deck] for deck in anas} == {deck: own_decks_of(engine)[deck] for deck in anas}
    assert "ben's own?" in await ben.send("/quiz gc")


def own_decks_of(engine: QuizEngine) -> dict[str, tuple[int | None, str, int]]:
    """Every own deck: its owner, title and number of cards."""
    with engine.db.transaction() as session:
        query = select(Deck.id, Deck.owner_id, Deck.title, func.count(Card.id)).outerjoin(Card, Card.deck_id == Deck.id)
        rows = session.execute(query.where(Deck.owner_id.is_not(None)).group_by(Deck.id, Deck.owner_id, Deck.title))
        return {row[0]: (row[1], row[2], row[3]) for row in rows}


async def test_a_shared_card_made_with_add_holds_no_control_character_for_another_learners_terminal(
    engine: QuizEngine,
) -> None:
    """Uploads refuse C1 control characters (U+0080-U+009F: U+009B starts an escape sequence as ESC [ does);
    a card typed with /add on another platform must not carry one to a learner studying it in a terminal."""
    ana, ben = Chat(engine, "ana"), Chat(engine, "ben")
    ana.learner = Learner("telegram", "42", "Ana")
    assert (await ana.send("/add Red\x9b2J\x1b[31m? | colour\x85\x90")).startswith("Added 1 card")
    code = (await ana.send("/share my-cards")).split("/subscribe ")[1].split(".")[0]
    await ben.send(f"/subscribe {code}")

    shown = await ben.send("/quiz") + await ben.send("")

    assert "Red2J[31m?" in shown
    assert "colour" in shown
    assert not any("\x80" <= char <= "\x9f" or (char < " " and char != "\n") for char in shown)
