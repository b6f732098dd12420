# Two things to do on a fresh machine: `make try` (the bot in your terminal) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed# the package and the test and lint tools
TRY_STAMP := $(VENV)/.installed-try# the package alone: all that `make try` needs

.PHONY: try test lint bench postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(TRY_STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(TRY_STAMP)

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $(TRY_STAMP)

# Progress is kept in the user's data directory (see README), so it survives a fresh clone.
try: $(TRY_STAMP)
	$(BIN)/studybot chat --user $${USER:-me}

test: $(STAMP) postgres
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check studybot tests benchmarks
	$(BIN)/ruff format --check studybot tests benchmarks
	$(BIN)/mypy

# Run as a module from the repository root, so `benchmarks` and `tests` import as packages.
bench: $(STAMP) postgres
	$(BIN)/python -m benchmarks.run_all

# The tests start their own throwaway PostgreSQL cluster; they need its server binaries (initdb, postgres).
postgres:
	@sh scripts/ensure-postgres.sh
