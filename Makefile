# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= var/warehouse
PORT ?= 8501
# Extra pytest options of `make test`, e.g. PYTEST_ARGS='-m "not spark"' to skip the Spark tests locally.
PYTEST_ARGS ?=

.PHONY: run test lint bench bench-engines bench-browser sql-snapshots demo clean

ifdef CI
ifneq (,$(findstring spark,$(PYTEST_ARGS)))
$(error CI runs the Spark tests: PYTEST_ARGS must not select or deselect them)
endif
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

$(WAREHOUSE)/unit: | $(VENV)/.runtime
	$(BIN)/python cli.py demo --warehouse $(WAREHOUSE)

## Start the dashboard on the demo warehouse (created on first run).
run: $(VENV)/.runtime $(WAREHOUSE)/unit
	-bash .ci/install-system-packages chromium
	JOHDON_WAREHOUSE=$(WAREHOUSE) JOHDON_MODE=demo $(BIN)/python -m ui.serve --server.port $(PORT) --server.headless true

## Install everything the tests need (Debian chromium and Java too) and run lint, layer contracts and the
## whole suite, distributed by file (the Spark tests, marker `spark`, are one file: one worker, one JVM).
test: $(VENV)/.dev
	bash .ci/install-system-packages
	npm ci --prefix tests --no-audit --no-fund  # axe-core at the version of tests/package-lock.json
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

## Regenerate tests/sql_snapshots/ after a deliberate change of the metric SQL (review the diff).
sql-snapshots: $(VENV)/.dev
	UPDATE_SQL_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests/test_engines_sql_snapshots.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Benchmarks on the --scale 10 demo warehouse (built on first use, ~10 M rows).
bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

## The dashboard in Debian chromium: sign-in, page switches and filter changes on the demo warehouse,
## then run_query against raw DuckDB SQL on the ~10 M-row one (medians, min, max; issue 13's targets).
bench-browser: $(VENV)/.dev $(WAREHOUSE)/unit
	-bash .ci/install-system-packages chromium
	$(BIN)/python -m benchmarks.browser $(WAREHOUSE)

## The overview's queries on DuckDB and on Spark local mode (same ~10 M-row demo warehouse).
bench-engines: $(VENV)/.dev
	bash .ci/install-system-packages java
	$(BIN)/python -m benchmarks.engines

demo: $(VENV)/.runtime
	$(BIN)/python cli.py demo --warehouse $(WAREHOUSE)

clean:
	rm -rf var/warehouse .pytest_cache
