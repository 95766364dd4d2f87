# One task runner: the same targets locally and in CI.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PYTHONHASHSEED = 0

.PHONY: install ask demo test lint typecheck eval bench examples check

# The virtual environment is (re)built when pyproject.toml changes.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,train,dense,web,scale]'
	touch $(STAMP)

install: $(STAMP)

Q ?= Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?

# The main job: answer a question from the library (filled with the built-in library if empty).
ask: $(STAMP)
	$(VENV)/bin/consilience ask "$(Q)"

demo: $(STAMP)
	$(VENV)/bin/consilience demo

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check src tests bench eval
	$(PY) -m ruff format --check src tests bench eval

typecheck: $(STAMP)
	$(PY) -m mypy

eval: $(STAMP)
	$(PY) -m eval

bench: $(STAMP)
	$(PY) -m bench

# The articles and explainer in docs/examples, written again from the built-in library.
examples: $(STAMP)
	$(PY) -m consilience.write.examples docs/examples

check: lint typecheck test
