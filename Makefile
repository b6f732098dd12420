# Two things to do on a fresh machine: `make try` (the bot in your terminal) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: try test lint bench postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

try: $(STAMP)
	$(BIN)/studybot chat --user $${USER:-me} --db sqlite+aiosqlite:///studybot.db

test: $(STAMP) postgres
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check studybot tests benchmarks
	$(BIN)/ruff format --check studybot tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) postgres
	$(BIN)/python benchmarks/run_all.py

# The tests start their own throwaway PostgreSQL cluster; they need its server binaries (initdb, postgres).
postgres:
	@sh scripts/ensure-postgres.sh
