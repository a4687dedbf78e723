# The README's commands. Each target creates .venv and installs the project if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check serve lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/placements build

check: $(STAMP)
	$(BIN)/placements check

serve: $(STAMP)
	$(BIN)/placements serve

lint: $(STAMP)
	$(BIN)/ruff check src tests macros hooks scripts
	$(BIN)/ruff format --check src tests macros hooks scripts

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf site dist .build-tmp
