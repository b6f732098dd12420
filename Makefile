# Two things to do on a fresh machine: `make try` (the bot in your terminal) and `make test` (every test).
# Every install comes from uv.lock (exact versions with hashes); `make lock` moves it on purpose.
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_STAMP := $(TOOLS)/.installed
VENV := .venv
BIN := $(VENV)/bin
LATEST := .venv-latest
# uv runs the Python that `make` was given and never downloads one of its own.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: try test lint bench lock lock-check test-latest postgres sync sync-test cities words

# uv itself, bootstrapped with nothing but python3 (its wheels are pinned by hash in scripts/uv-requirements.txt).
$(UV_STAMP): scripts/uv-requirements.txt scripts/bootstrap-uv.sh
	@PYTHON=$(PYTHON) sh scripts/bootstrap-uv.sh
	@touch $@

sync: $(UV_STAMP)
	@$(UV) sync --quiet --locked --inexact

sync-test: $(UV_STAMP)
	@$(UV) sync --quiet --locked --extra test

# Progress is kept in the user's data directory (see README), so it survives a fresh clone.
try: sync
	$(BIN)/studybot chat --user $${USER:-me}

# Two workers, one per core of the 2-core machine; each starts its own PostgreSQL cluster.
test: sync-test postgres
	$(BIN)/python -m pytest -n 2

lint: sync-test
	$(BIN)/ruff check studybot tests benchmarks
	$(BIN)/ruff format --check studybot tests benchmarks
	$(BIN)/mypy

# Run as a module from the repository root, so `benchmarks` and `tests` import as packages.
bench: sync-test postgres
	$(BIN)/python -m benchmarks.run_all

# Refresh every locked version to the newest that pyproject.toml allows; commit it after `make test` passes.
lock: $(UV_STAMP)
	$(UV) lock --upgrade

# Fails when pyproject.toml and uv.lock disagree.
lock-check: $(UV_STAMP)
	$(UV) lock --check

# The newest versions pyproject.toml allows, in a venv of their own: finds an upstream change before a user does.
test-latest: $(UV_STAMP) postgres
	$(UV) venv --quiet --allow-existing $(LATEST)
	VIRTUAL_ENV=$(LATEST) $(UV) pip install --quiet --upgrade -e '.[test]'
	STUDYBOT_UNLOCKED=1 $(LATEST)/bin/python -m pytest -n 2

# The city names learners type for a timezone, from GeoNames (the `data` extra); commit the file it writes.
cities: $(UV_STAMP)
	$(UV) sync --quiet --locked --extra test --extra data
	$(BIN)/python scripts/make-cities.py
	$(UV) sync --quiet --locked --extra test

words: $(UV_STAMP)
	$(UV) sync --quiet --locked --extra test --extra data
	$(BIN)/python scripts/make-common-words.py
	$(UV) sync --quiet --locked --extra test

# The tests start their own throwaway PostgreSQL cluster; they need its server binaries (initdb, postgres).
postgres:
	@sh scripts/ensure-postgres.sh
