# One task runner: the same targets locally and in CI.
PY ?= .venv/bin/python
export PYTHONHASHSEED = 0

.PHONY: install test lint typecheck eval bench docs check

install:
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'

test:
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check src tests bench eval
	$(PY) -m ruff format --check src tests bench eval

typecheck:
	$(PY) -m mypy

eval:
	$(PY) -m eval

bench:
	$(PY) -m bench

check: lint typecheck test
