# Two commands do all set-up: `make lab` and `make test`. Both create .venv when it is missing
# and (re)install the package with its dev extras whenever pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TIMEOUT ?= 300
# JupyterLab refuses to run as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test execute bench clean help

help:
	@echo "make lab      start JupyterLab on notebooks/ (localhost, token required)"
	@echo "make test     check the layering and the lint, run the unit tests and nbval over every notebook"
	@echo "make execute  re-execute every notebook in place (fresh top-to-bottom outputs)"
	@echo "make bench    run the speed benchmarks in benchmarks/"
	@echo "make clean    remove .venv and caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python -m pytest

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=$(TIMEOUT) --ExecutePreprocessor.kernel_name=python3 notebooks/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
