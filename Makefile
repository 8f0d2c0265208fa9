# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CODEGEN := $(VENV)/codegen
LOCK := $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock"

.PHONY: install run test lint typecheck schema client lock docs bench clean

## The locked dependencies (requirements/development.txt), the project itself, the explorer's files.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/development.txt scripts/explorer_assets.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/development.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/explorer_assets.py
	touch $@

## The code generator of the typed client, in an environment of its own.
$(CODEGEN)/.installed: requirements/codegen.txt
	$(PYTHON) -m venv $(CODEGEN)
	$(CODEGEN)/bin/pip install --quiet --require-hashes -r requirements/codegen.txt
	touch $@

## Serve the API on the embedded SQLite database with demo data (http://127.0.0.1:8000/graphql).
run: install
	$(BIN)/mercato dev

## The whole suite: lint, types, layers, then the tests on SQLite and on PostgreSQL.
test: install $(CODEGEN)/.installed lint typecheck
	scripts/run-tests.sh

lint:
	$(BIN)/ruff check src tests benchmarks scripts clients
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

## Regenerate the committed schema export, the API reference and the README's settings table.
schema: install
	$(BIN)/mercato schema export > docs/schema.graphql
	$(BIN)/python scripts/api_reference.py docs/schema.graphql > docs/api-reference.md
	$(BIN)/python scripts/settings_table.py --write README.md

## The typed Python client of docs/schema.graphql and clients/python/operations.graphql.
client: install $(CODEGEN)/.installed
	$(BIN)/python scripts/client.py build/client

## Re-resolve every dependency into requirements/*.txt (after a change to pyproject.toml).
lock: install
	$(LOCK) pyproject.toml --extra dev -o requirements/development.txt
	$(LOCK) pyproject.toml -o requirements/production.txt
	$(LOCK) requirements/codegen.in -o requirements/codegen.txt
	$(LOCK) requirements/npm.in -o requirements/npm.txt

bench: install
	$(BIN)/python -m benchmarks.read_products
	$(BIN)/python -m benchmarks.read_markets
	$(BIN)/python -m benchmarks.set_stock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache src/mercato/http/explorer/vendor
