# Wegwijzer Werk & Herstel: the front door. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: setup content train run shell test validate lint test-unit test-web browser eval bench fuzz clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@PY=$$(scripts/find_python.sh) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/pip install --quiet --upgrade pip 'setuptools<70' wheel
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# FAQ answers live in knowledge/faq.yml; Rasa reads them from domain/faq.yml.
content: setup
	$(BIN)/python -m bot.content

train: setup content
	$(RASA) train --quiet --domain domain

validate: setup content
	scripts/validate.sh

run: train
	scripts/run.sh

shell: train
	scripts/run.sh shell

# Everything but the browser: logic, actions, storage (with a real PostgreSQL), the recorded
# conversations and 300 random conversations (with the trained NLU).
test-unit: train
	scripts/postgres_for_tests.sh $(BIN)/pytest -q --ignore=tests/web

# Debian's Chromium for the browser tests (installed when missing and run as root).
browser:
	scripts/install_chromium.sh

# The website chat in a real browser, and the hostile-input battery and the database restart,
# against bots the tests start themselves (one on SQLite, one on a throwaway PostgreSQL).
test-web: train browser
	scripts/postgres_for_tests.sh $(BIN)/pytest -q tests/web

# Lint and types: ruff and mypy, configured in pyproject.toml (mypy keeps a cache in .mypy_cache).
lint: setup
	$(BIN)/ruff check bot actions tests eval scripts
	$(BIN)/mypy

test: lint validate train test-unit test-web

# 5,000 random conversations against the invariants; report: results/fuzz/report.md.
fuzz: train
	$(BIN)/python -m tests.dialogue.walk --conversations $(or $(FUZZ_CONVERSATIONS),5000) --seed $(or $(FUZZ_SEED),1)

# NLU quality: held-out file and 5-fold cross-validation, ours next to Rasa's default
# configuration. Report: docs/EVALUATION.md; Rasa's reports and images: results/eval/.
eval: setup content
	$(BIN)/python eval/evaluate.py $(EVAL_ARGS)

# Speed and footprint of both configurations. Report: docs/PERFORMANCE.md and its plot.
bench: setup content
	$(BIN)/python eval/bench.py $(BENCH_ARGS)

clean:
	rm -rf models results var .pytest_cache
