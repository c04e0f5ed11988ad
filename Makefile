# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= var/warehouse
PORT ?= 8501

.PHONY: run test lint bench demo clean

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
	-bash .ci/install-system-packages
	JOHDON_WAREHOUSE=$(WAREHOUSE) JOHDON_MODE=demo $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

## Install everything the tests need and run lint, layer contracts and the whole suite.
test: $(VENV)/.dev
	bash .ci/install-system-packages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Benchmarks on the --scale 10 demo warehouse (built on first use, ~10 M rows).
bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

demo: $(VENV)/.runtime
	$(BIN)/python cli.py demo --warehouse $(WAREHOUSE)

clean:
	rm -rf var/warehouse .pytest_cache
