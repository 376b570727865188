# Wegwijzer Werk & Herstel: the front door. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup content train run cluster shell validate lint test test-unit test-web test-cluster browser fuzz eval eval-spacy bench report clean
.DEFAULT_GOAL := help

# Every target has one line of help after `## `; the README's "Make targets" table is this
# list word for word (tests/test_make_targets.py checks it).
help: ## lists the targets (this list)
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(VENV)/.installed ## creates .venv with Python 3.10 and installs the project with its test tools

$(VENV)/.installed: pyproject.toml
	@PY=$$(scripts/find_python.sh) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/pip install --quiet --upgrade pip 'setuptools<70' wheel
	$(BIN)/pip install --quiet -e '.[test,lint]'
	@touch $@

# FAQ answers live in knowledge/faq.yml; Rasa reads them from domain/faq.yml.
content: setup ## writes domain/faq.yml from knowledge/faq.yml (the targets that need it run it)
	$(BIN)/python -m bot.content

train: setup content ## trains a model into models/ (skipped when data and config did not change)
	$(RASA) train --quiet --domain domain

run: train ## train, then the action server (5055) and the Rasa server (5005), each restarted when it stops
	scripts/run.sh

# PostgreSQL is a throwaway server (its data goes when the cluster stops); the servers' output
# goes to var/cluster/. docs/DEPLOY.md has the same topology for production.
cluster: train ## train, then CLUSTER_REPLICAS (2) replicas on PostgreSQL behind nginx on port 8080
	scripts/cluster.sh

shell: train ## train, then talk to the bot in the terminal
	scripts/run.sh shell

validate: setup content ## rasa data validate: fails on errors, conflicts and warnings not allowed in scripts/validate.sh
	scripts/validate.sh

# Both configured in pyproject.toml; mypy keeps a cache in .mypy_cache, so a second run is quick.
lint: setup ## ruff (lint and format check) on the Python code, mypy on bot/ and actions/
	$(BIN)/ruff check bot actions tests eval scripts
	$(BIN)/ruff format --check bot actions tests eval scripts
	$(BIN)/mypy

test: lint validate train test-unit test-web test-cluster ## lint, validate, train, test-unit, test-web and test-cluster: the whole suite (what CI runs)

# The tests start a throwaway PostgreSQL server of their own for the storage tests.
test-unit: train ## pytest without the browser: logic, dialogue, storage, recorded and 300 random conversations
	scripts/postgres_for_tests.sh $(BIN)/pytest -q --ignore=tests/web --ignore=tests/cluster

# Against bots the tests start themselves (one on SQLite, one on a throwaway PostgreSQL).
test-web: train browser ## the website chat in Chromium, the hostile-input battery, database restart, supervisor
	scripts/postgres_for_tests.sh $(BIN)/pytest -q tests/web

# Two replicas and nginx (bot/cluster.py) on a throwaway PostgreSQL server; the deployment
# files are checked with docker compose / kubectl when they are installed.
test-cluster: train ## two replicas behind nginx: racing messages and deletes, a replica killed mid-way; deploy files
	scripts/install_cluster_tools.sh --checkers
	scripts/postgres_for_tests.sh $(BIN)/pytest -q tests/cluster

browser: ## installs Debian's Chromium for test-web when it is missing (as root)
	scripts/install_chromium.sh

fuzz: train ## 5,000 seeded random conversations against the invariants; report in results/fuzz/report.md
	$(BIN)/python -m tests.dialogue.walk --conversations $(or $(FUZZ_CONVERSATIONS),5000) --seed $(or $(FUZZ_SEED),1)

# Rasa's reports and images go to results/eval/.
eval: setup content ## NLU quality next to Rasa's default configuration (held-out, 5-fold CV); docs/EVALUATION.md
	$(BIN)/python eval/evaluate.py $(EVAL_ARGS)

# Whether spaCy earns its place: the same pipeline with a whitespace tokenizer instead
# (eval/config_without_spacy.yml); the two run at once. Reports: results/cv_*/.
eval-spacy: setup content ## 5-fold cross-validation of our pipeline with and without spaCy, side by side
	scripts/cross_validate.sh

bench: setup content ## speed and footprint of both configurations; docs/PERFORMANCE.md and its plot
	$(BIN)/python eval/bench.py $(BENCH_ARGS)

# The dashboard's figures for a month (default: last month) from TRACKER_DB_URL's database;
# REPORT_ARGS="--maand 2026-11" or "--van 2026-11-01 --tot 2026-11-30" (bot/insight/report.py).
report: setup ## figures and PNG charts of last month's conversations, anonymous; in results/report/
	$(BIN)/python -m bot.insight.report $(REPORT_ARGS)

clean: ## removes models, results and the local database
	rm -rf models results var .pytest_cache
