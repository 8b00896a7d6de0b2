# Schakel: `make run` starts the assistant, `make test` runs every test.
# Both set up what is missing first (virtual environments, Chromium, the Rasa model).

SHELL := /bin/bash
APP_VENV := .venv
RASA_VENV := .venv-rasa
PY := $(APP_VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
MODEL := models/schakel.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data components -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup system system-run spacy-model train lint validate clean help bench eval \
	run-prod test-faults soak retention

help:
	@echo "make run     - set up, train if needed, start Redis, action server, API, 2x Rasa, nginx"
	@echo "make test    - set up, train if needed, run all tests"
	@echo "make lint    - ruff and 'rasa data validate'"
	@echo "make train   - train the Rasa model if data or config changed"
	@echo "make eval        - real ondernemers' questions end to end (dev and test part)"
	@echo "make run-prod    - production mode here: PostgreSQL, Redis, 2x Rasa/actions/API, nginx"
	@echo "make test-faults - only the fault tests (also part of 'make test')"
	@echo "make soak        - 100 conversations for SOAK_MINUTES (5) against production mode"
	@echo "make retention   - delete personal data older than the retention period"

run: setup system-run $(MODEL)
	$(PY) -m scripts.stack

test: setup system $(MODEL)
	$(PY) -m pytest

setup: $(APP_VENV)/installed $(RASA_VENV)/installed $(RASA_VENV)/spacy-model.stamp

system:
	@scripts/setup_system.sh

system-run:
	@scripts/setup_system.sh run

# The app environment: action server, API, assistant core, tests (Python 3.11).
$(APP_VENV)/installed: requirements/app.lock
	@test -x $(PY) || python3.11 -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install -q -r requirements/app.lock
	@touch $@

# The Rasa environment: Rasa Open Source 3.6.21 on Python 3.11, installed without
# dependency resolution from a full freeze (see README, "Two environments").
$(RASA_VENV)/installed: requirements/rasa.lock
	@test -x $(RASA_VENV)/bin/python || python3.11 -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --no-deps --ignore-requires-python -r requirements/rasa.lock
	@touch $@

$(RASA_VENV)/spacy-model.stamp: $(RASA_VENV)/installed
	@scripts/install_spacy_model.sh

spacy-model:
	@rm -f $(RASA_VENV)/spacy-model.stamp
	@$(MAKE) --no-print-directory $(RASA_VENV)/spacy-model.stamp

# Retrain only when training data, config or custom components changed (or the spaCy
# model was installed since).
$(MODEL): $(TRAINING_INPUTS) $(RASA_VENV)/installed $(RASA_VENV)/spacy-model.stamp
	@mkdir -p var/logs
	@echo "Training the Rasa model (log: var/logs/train.log)…"
	@start=$$(date +%s); \
	if $(RASA) train --fixed-model-name schakel --out models > var/logs/train.log 2>&1; then \
	  echo "Model trained in $$(( $$(date +%s) - start )) s: $(MODEL)"; \
	else \
	  tail -40 var/logs/train.log; exit 1; \
	fi

train: setup $(MODEL)

validate: setup
	$(RASA) data validate

lint: setup validate
	$(APP_VENV)/bin/ruff check .

clean:
	rm -rf models var .pytest_cache

bench: setup system-run $(MODEL)
	$(PY) -m scripts.bench --train

# Real ondernemers' questions through the REST channel of a fresh stack (tests/eval/).
eval: setup system-run $(MODEL)
	$(PY) -m scripts.eval_chat

# Production mode on this machine (see README, "Production"). Installs PostgreSQL, Redis
# and nginx from Debian when missing.
run-prod: setup system $(MODEL)
	$(PY) -m scripts.stack_prod

# Processes and the database taken away while ondernemers talk. `make test` runs these
# too (pytest collects tests/faults); this target runs only them.
test-faults: setup system $(MODEL)
	$(PY) -m pytest tests/faults

SOAK_MINUTES ?= 5
soak: setup system $(MODEL)
	$(PY) -m scripts.soak --minutes $(SOAK_MINUTES)

retention: setup
	$(PY) -m api.retention
