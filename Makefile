# `make run` opens the chat; `make test` runs lint, types and tests. Both set up .venv on first use
# and skip the install when pyproject.toml has not changed since the last one.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: it is the CPU build on this machine; letting a dependency resolve torch on
# its own would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/qa

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy qa
	$(BIN)/pytest

bench: install
	$(BIN)/python -m benchmarks.seed_dev
