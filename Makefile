# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test lint typecheck schema docs bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Serve the API on the embedded SQLite database with demo data (http://127.0.0.1:8000/graphql).
run: install
	$(BIN)/mercato dev

## The whole suite: lint, types, layers, then the tests on SQLite and on PostgreSQL.
test: install lint typecheck
	scripts/run-tests.sh

lint:
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

## Regenerate the committed schema export and the API reference after a schema change.
schema: install
	$(BIN)/mercato schema export > docs/schema.graphql
	$(BIN)/python scripts/api_reference.py docs/schema.graphql > docs/api-reference.md

bench: install
	$(BIN)/python -m benchmarks.read_products
	$(BIN)/python -m benchmarks.read_markets
	$(BIN)/python -m benchmarks.set_stock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
