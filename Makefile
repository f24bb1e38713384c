# Two commands matter: `make run` and `make test`. Everything else is a step they depend on.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Rasa 3.6 needs Python 3.10; the action server runs on a supported Python (README: stack decisions).
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python) $(shell command -v python3.10))
PY312 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python) $(shell command -v python3.12))

RASA_ENV := .venv/rasa
ACT_ENV  := .venv/actions
BENCH_ENV := .venv/bench
RASA     := $(RASA_ENV)/bin/rasa
APY      := $(ACT_ENV)/bin/python
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1
# No network here, and no reason to send usage data from a clinic's server.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

MODEL := models/assistant.tar.gz
GENERATED_NLU := data/nlu/generated/content_questions.yml
TRAINING_INPUTS := config.yml $(shell find domain data -name '*.yml' -not -path '*/generated/*' 2>/dev/null) \
                   $(wildcard bot/rasa_ext/*.py) $(wildcard bot/data/*.yml)

.PHONY: run test shell env model content lint check unit validate conversations browser contract bench scale clean lock

env: $(RASA_ENV)/.installed $(ACT_ENV)/.installed

$(RASA_ENV)/.installed: requirements/rasa.lock
	@test -n "$(PY310)" || { echo "Python 3.10 is needed for Rasa 3.6 (set PY310=/path/to/python3.10)"; exit 1; }
	rm -rf $(RASA_ENV) && $(PY310) -m venv $(RASA_ENV)
	$(RASA_ENV)/bin/pip install -q -r requirements/rasa.lock
	touch $@

$(ACT_ENV)/.installed: requirements/actions.lock
	@test -n "$(PY312)" || { echo "Python 3.12 is needed for the action server (set PY312=/path/to/python3.12)"; exit 1; }
	rm -rf $(ACT_ENV) && $(PY312) -m venv $(ACT_ENV)
	$(ACT_ENV)/bin/pip install -q -r requirements/actions.lock
	touch $@

# The NLU examples for content questions come from the content files themselves.
$(GENERATED_NLU): $(ACT_ENV)/.installed $(wildcard content/*.md) $(wildcard bot/content/*.py)
	$(APY) -m bot.content nlu --out $(GENERATED_NLU)

$(MODEL): $(RASA_ENV)/.installed $(TRAINING_INPUTS) $(GENERATED_NLU)
	@start=$$(date +%s); $(RASA) train --domain domain --fixed-model-name assistant --out models --quiet && \
	  echo $$(( $$(date +%s) - start )) > models/training_seconds.txt
	touch $@

model: $(MODEL)

content: $(ACT_ENV)/.installed
	$(APY) -m bot.content load

# The clinic's file and the data files are checked before the long steps (bot/check.py).
check: $(ACT_ENV)/.installed
	$(APY) -m bot.check

run: env check $(MODEL) content
	scripts/run.sh

shell: env check $(MODEL) content
	scripts/run.sh --shell

test: lint env $(MODEL) content unit validate conversations browser scale

# Seconds: ruff, ShellCheck, the built widget, bot/ free of Rasa outside bot/rasa_ext (scripts/lint.sh).
lint: $(ACT_ENV)/.installed
	scripts/lint.sh

unit: $(ACT_ENV)/.installed $(RASA_ENV)/.installed
	scripts/unit_tests.sh

validate: $(RASA_ENV)/.installed $(GENERATED_NLU)
	$(RASA) data validate --domain domain --fail-on-warnings --quiet

conversations: env $(MODEL) content
	scripts/conversation_tests.sh

browser: env $(MODEL) content
	scripts/browser_tests.sh

contract: env $(MODEL) content
	scripts/with_servers.sh $(APY) ../shared/tools/contract_check.py --base http://127.0.0.1:5005

# Locust in its own environment: only `make bench` needs it, and gevent has no place in the action server.
$(BENCH_ENV)/.installed: requirements/bench.lock
	@test -n "$(PY312)" || { echo "Python 3.12 is needed for the load tool (set PY312=/path/to/python3.12)"; exit 1; }
	rm -rf $(BENCH_ENV) && $(PY312) -m venv $(BENCH_ENV)
	$(BENCH_ENV)/bin/pip install -q -r requirements/bench.lock
	touch $@

bench: env $(MODEL) content $(BENCH_ENV)/.installed
	LOCUST=$(BENCH_ENV)/bin/locust scripts/bench.sh

scale: env $(MODEL) content
	scripts/scale_test.sh

lock:
	$(RASA_ENV)/bin/pip freeze --exclude-editable > requirements/rasa.lock
	$(ACT_ENV)/bin/pip freeze --exclude-editable > requirements/actions.lock
	$(BENCH_ENV)/bin/pip freeze --exclude-editable > requirements/bench.lock

clean:
	rm -rf models var .pytest_cache $(GENERATED_NLU)
