"""`studybot optimize`, as an operator runs it: per learner the reviews used, log loss and RMSE with the
defaults and with the fit, and the parameters; `--dry-run` stores nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from studybot.engine.memory_model import apply_fit, fit_job
from studybot.optimizing import optimize
from studybot.srs.fitting import fit_and_replay
from studybot.storage import fsrs_params
from studybot.storage.db import Database
from tests.srs.memory import load_word_deck, user_id, write_history
from tests.srs.synthetic import START, Answer, learner_history
from tests.test_cli import studybot


def _database(tmp_path: Path) -> tuple[list[str], Database]:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    _chat = studybot(["chat", "--user", "ana", "--db", url], tmp_path, "/stats\n")
    assert _chat.returncode == 0, _chat.stderr
    studybot(["chat", "--user", "ben", "--db", url], tmp_path, "/stats\n")
    db = Database(url)
    words = load_word_deck(db, tmp_path, START)
    write_history(db, user_id(db, "ana"), words, learner_history(cards=40, reviews_per_card=10))
    write_history(db, user_id(db, "ben"), words, learner_history(cards=40, reviews_per_card=10)[:41])
    return ["--db", url], db


def test_optimize_prints_each_fit_and_stores_it_unless_dry_run(tmp_path: Path) -> None:
    url, db = _database(tmp_path)
    try:
        dry = studybot(["optimize", "--user", "console:ana", "--dry-run", *url], tmp_path)
        assert dry.returncode == 0, dry.stderr
        lines = dry.stdout.splitlines()
        assert lines[0] == "console:ana: 400 counted reviews used"
        assert re.fullmatch(r"  defaults: log loss 0\.\d{4} · RMSE 0\.\d{4}", lines[1])
        assert re.fullmatch(r"  fitted:   log loss 0\.\d{4} · RMSE 0\.\d{4}", lines[2])
        assert len(lines[3].removeprefix("  parameters: ").split(", ")) == 21
        assert lines[4] == "  dry run: nothing stored"
        with db.transaction() as session:
            assert fsrs_params.load(session, user_id(db, "ana")) is None

        done = studybot(["optimize", "--all", *url], tmp_path)
        assert done.returncode == 0, done.stderr
        assert "  kept: their cards are rescheduled with it" in done.stdout
        assert done.stdout.endswith(
            "\n1 more learner has fewer than 64 counted reviews, too few for a fit: not fitted.\n"
        )
        with db.transaction() as session:
            model = fsrs_params.load(session, user_id(db, "ana"))
        assert model is not None
        assert model.parameters is not None
        assert model.reviews == 400
    finally:
        db.close_blocking()


def test_a_learner_with_only_first_day_reviews_is_explained_and_the_next_is_still_fitted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    for name in ("ana", "ben"):
        assert studybot(["chat", "--user", name, "--db", url], tmp_path, "/stats\n").returncode == 0
    db = Database(url)
    try:
        words = load_word_deck(db, tmp_path, START, cards=80)
        first_day = [Answer(n, START + timedelta(minutes=n), 3) for n in range(1, 71)]  # 70 cards met once
        write_history(db, user_id(db, "ana"), words, first_day + first_day[:10])  # and 10 again, the same day
        write_history(db, user_id(db, "ben"), words, learner_history(cards=40, reviews_per_card=10))

        done = studybot(["optimize", "--all", "--db", url], tmp_path)

        assert done.returncode == 0, done.stderr
        assert "console:ana: 70 counted reviews, but no card reviewed on two days yet; a fit needs some" in done.stdout
        assert "Traceback" not in done.stderr
        with db.transaction() as session:
            model = fsrs_params.load(session, user_id(db, "ben"))
        assert model is not None
        assert model.parameters is not None
    finally:
        db.close_blocking()


def test_optimize_refuses_an_unknown_learner_and_a_missing_choice(tmp_path: Path) -> None:
    url, db = _database(tmp_path)
    db.close_blocking()
    unknown = studybot(["optimize", "--user", "console:zoe", *url], tmp_path)
    assert (unknown.returncode, unknown.stderr) == (2, "studybot optimize: no learner console:zoe\n")
    neither = studybot(["optimize", *url], tmp_path)
    assert neither.returncode == 2
    assert "--user" in neither.stderr


def test_each_account_of_a_linked_learner_finds_the_learner_and_it_is_fitted_once(tmp_path: Path) -> None:
    url, db = _database(tmp_path)  # ana with 400 counted reviews, ben with 41
    db.close_blocking()
    code = re.search(r"Your link code: (\S+) ", studybot(["chat", "--user", "ana", *url], tmp_path, "/link\n").stdout)
    assert code is not None
    linked = studybot(["chat", "--user", "zoe", *url], tmp_path, f"/link {code[1]}\n")  # zoe's account joins ana
    assert "Linked" in linked.stdout, linked.stdout

    for account in ("console:ana", "console:zoe"):
        dry = studybot(["optimize", "--user", account, "--dry-run", *url], tmp_path)
        assert dry.returncode == 0, dry.stderr
        assert dry.stdout.splitlines()[0].endswith(": 400 counted reviews used"), dry.stdout

    everyone = studybot(["optimize", "--all", "--dry-run", *url], tmp_path)
    heads = [line for line in everyone.stdout.splitlines() if not line.startswith(" ")]
    assert len(heads) == 2  # the learner once (under the account used last), and ben among the too few
    assert heads[0].endswith(": 400 counted reviews used")
    assert heads[1] == "1 more learner has fewer than 64 counted reviews, too few for a fit: not fitted."


async def test_a_fit_the_bot_applied_meanwhile_is_named_not_called_better(tmp_path: Path) -> None:
    """The operator's fit ran while the bot fitted the same learner and kept its own: the operator's is
    dropped, and the line says so, not that it predicts no better."""
    _url, db = _database(tmp_path)
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        if len(said) == 1:  # the bot's background fit of ana finishes while the operator's is judged
            with db.transaction() as session:
                job = fit_job(session, user_id(db, "ana"))
                assert job is not None
                assert apply_fit(session, job, fit_and_replay(job), START)

    try:
        assert await optimize(db, "console:ana", dry_run=False, now=lambda: START, say=say) == 0
    finally:
        db.close_blocking()
    assert said[-1] == "  not kept: another fit of this learner was kept while this one ran"


def test_optimize_all_lists_the_fits_and_counts_the_learners_with_too_few_reviews(tmp_path: Path) -> None:
    url, db = _database(tmp_path)  # ana with 400 counted reviews, ben with 41
    try:
        for name in ("cat", "dan"):
            assert studybot(["chat", "--user", name, *url], tmp_path, "/stats\n").returncode == 0
        write_history(
            db, user_id(db, "cat"), load_word_deck(db, tmp_path, START), learner_history(cards=1, reviews_per_card=1)
        )

        everyone = studybot(["optimize", "--all", "--dry-run", *url], tmp_path)
        one = studybot(["optimize", "--user", "console:cat", "--dry-run", *url], tmp_path)
    finally:
        db.close_blocking()

    assert everyone.returncode == 0, everyone.stderr
    names = [line for line in everyone.stdout.splitlines() if not line.startswith(" ")]
    assert names == [
        "console:ana: 400 counted reviews used",
        "3 more learners have fewer than 64 counted reviews, too few for a fit: not fitted.",
    ]
    assert one.stdout == "console:cat: 1 counted review; a fit needs 64\n"


async def test_a_forced_fit_of_reviews_another_run_just_fitted_names_that_fit_and_leaves_it(tmp_path: Path) -> None:
    """Two forced runs over the same reviews, tried once before (so both read the same `tried_reviews`):
    the first keeps its fit; the second was judged against the parameters before it, and is dropped."""
    _url, db = _database(tmp_path)
    ana = user_id(db, "ana")
    with db.transaction() as session:
        fsrs_params.locked_row(session, ana).tried_reviews = 400  # a fit of these 400 reviews was tried, not kept
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        if len(said) == 1:  # the other run's fit of the same reviews is kept while this one is judged
            with db.transaction() as session:
                job = fit_job(session, ana, force=True)
                assert job is not None
                assert job.tried_before == 400
                assert apply_fit(session, job, fit_and_replay(job), START)

    try:
        assert await optimize(db, "console:ana", dry_run=False, now=lambda: START + timedelta(hours=1), say=say) == 0
        with db.transaction() as session:
            model = fsrs_params.load(session, ana)
        dropped = said[-1]
        await optimize(db, "console:ana", dry_run=False, now=lambda: START + timedelta(hours=2), say=said.append)
    finally:
        db.close_blocking()
    assert dropped == "  not kept: another fit of this learner was kept while this one ran"
    assert model is not None
    assert model.fitted_at == START  # the first run's fit, not overwritten
    assert "another fit" not in said[-1]  # a later run alone is judged against the fit it reads
