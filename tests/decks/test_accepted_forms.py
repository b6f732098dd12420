"""Answers a teacher accepts for the bundled cards, typed into `studybot chat` as a learner would.

Each row names a shipped card and the forms of its answer that must count; the cards are copied into a
deck of their own (in this order, so the chat asks them in this order) and answered one form at a time,
with /undo between the forms so every form meets the same question."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from studybot.decks.loader import Deck, load_decks
from tests.conftest import REPO

ACCEPTED = [
    ("xgboost", "min-child-weight", ["second-order derivative", "second-order derivatives", "hessian values"]),
    ("xgboost", "min-child-weight", ["instance weight (hessian)"]),
    ("xgboost", "gbdt-fit-target", ["negative gradient of the loss"]),
    ("ensemble-learning", "bagging-reduces-variance", ["variance term", "variance component"]),
    ("ensemble-learning", "boosting-reduces-bias", ["bias term", "bias error"]),
    (
        "sampled-softmax",
        "neg-sampling-function",
        ["sigmoid function", "logistic sigmoid", "logistic sigmoid (function)"],
    ),
    ("scaling-laws", "mirage-continuous-metric", ["token edit distance", "Levenshtein distance", "Levenshtein"]),
    ("llm-pretraining-data", "c4-repeated-sentence", ["over 60,000", "more than 60000", "at least 60000", "> 60000"]),
    ("linear-attention", "rnn-equivalence", ["a recurrent neural network (RNN)", "RNN (recurrent neural network)"]),
    (
        "gc-tricolor",
        "snapshot-at-the-beginning",
        ["snapshot at the beginning (SATB)", "SATB (snapshot at the beginning)"],
    ),
    ("processes-threads", "jvm-program-counter", ["program counter (PC) register", "PC (program counter)"]),
    ("xgboost", "l1-parameter", ["α"]),
    ("xgboost", "leaf-weight-numeric", ["+1", "w* = 1"]),
    ("sampled-softmax", "normaliser-name", ["normalizing factor", "normalisation constant"]),
    ("sampled-softmax", "logq-correction-formula", ["ln Q"]),
    ("allreduce", "reduce-scatter-name", ["MPI_Reduce_scatter"]),
    ("allreduce", "allreduce-decomposition", ["MPI_Allgather"]),
    ("elasticsearch", "logstash-filter-stage", ["filtering"]),
    ("elasticsearch", "mttr-meaning", ["mean time to restore service"]),
    ("llm-pretraining-data", "contamination-term", ["test contamination", "benchmark leakage"]),
    ("linear-attention", "associativity", ["associative"]),
    ("transformer", "causal-mask-name", ["triangular mask", "subsequent mask"]),
    ("moe-merging", "switch-top-one", ["top-1"]),
    ("moe-merging", "moe-communication-cost", ["K x P"]),
    ("gc-tricolor", "gogc-default", ["GOGC=100"]),
    ("ensemble-learning", "rf-subset-size-zhou", ["k = log2 d"]),
    ("ensemble-learning", "adaboost-alpha-at-half", ["alpha = 0"]),
]


def _cards_in_a_deck_of_their_own(decks: list[Deck], folder: Path) -> None:
    by_id = {deck.id: deck for deck in decks}
    cards, sources = [], []
    for position, (deck_id, card_id, _) in enumerate(ACCEPTED):
        deck = by_id[deck_id]
        card = next(card for card in deck.cards if card.id == card_id)
        source = next(source for source in deck.sources if source.id == card.source)
        source_id = f"s{position}"
        sources.append({**source.model_dump(exclude_none=True), "id": source_id})
        cards.append({**card.model_dump(exclude_none=True), "id": f"c{position}", "source": source_id})
    text = yaml.safe_dump({"deck": "forms", "title": "Forms", "sources": sources, "cards": cards}, allow_unicode=True)
    (folder / "forms.yaml").write_text(text, encoding="utf-8")


def test_every_listed_form_is_accepted_in_the_chat(tmp_path: Path) -> None:
    decks = load_decks([REPO / "decks"])
    assert decks.ok
    _cards_in_a_deck_of_their_own(decks.decks, tmp_path)
    script = ["/settings new 100"]
    for _, _, forms in ACCEPTED:
        script += ["/quiz", "\n/undo\n".join(forms)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDYBOT_")}
    env["STUDYBOT_DECKS_DIR"] = str(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "studybot", "chat", "--user", "ana", "--db", f"sqlite:///{tmp_path / 'bot.db'}"],
        cwd=tmp_path,
        input="\n".join(script) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    verdicts = [line for line in run.stdout.splitlines() if line.startswith(("✓", "✗"))]
    typed = [form for _, _, forms in ACCEPTED for form in forms]
    assert len(verdicts) == len(typed), run.stdout
    refused = [form for form, verdict in zip(typed, verdicts, strict=True) if not verdict.startswith("✓")]
    assert refused == [], run.stdout
