# Two commands matter: `make run` and `make test`. Each sets itself up from this repository's own files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAM := $(VENV)/sam/bin/sam
INSTALLED := $(VENV)/.installed
SAM_INSTALLED := $(VENV)/sam/.installed
SAM_CLI_VERSION := 1.170.0
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0

.PHONY: run test lint typecheck template unit bench interaction-model build clean

run: $(INSTALLED)
	$(BIN)/python -m skill.local $(ARGS)

test: lint typecheck template unit

$(INSTALLED): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -e .
	touch $@

# SAM CLI lives in its own environment (it pins its own boto3 and pydantic), inside .venv so that
# `sam build` never copies it into a function package.
$(SAM_INSTALLED): | $(INSTALLED)
	$(PYTHON) -m venv $(VENV)/sam
	$(VENV)/sam/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/sam/bin/python -m pip install --quiet aws-sam-cli==$(SAM_CLI_VERSION)
	touch $@

lint: $(INSTALLED)
	$(BIN)/ruff check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

template: $(INSTALLED) $(SAM_INSTALLED)
	$(BIN)/cfn-lint template.yaml
	$(SAM) validate --lint --template template.yaml

unit: $(INSTALLED)
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_matcher.py
	$(BIN)/python bench/bench_heard.py
	$(BIN)/python bench/bench_reorder.py
	$(BIN)/python bench/bench_scheduler.py

# sam build needs the functions' runtime (python3.12) on PATH; under pyenv, select it for this command.
build: $(SAM_INSTALLED)
	@if command -v pyenv >/dev/null 2>&1; then \
	  export PYENV_VERSION="$$(pyenv versions --bare | grep -E '^3\.12' | tail -n1):$$(pyenv version-name)"; fi; \
	$(SAM) build --template template.yaml

interaction-model: $(INSTALLED)
	$(BIN)/python -m scripts.build_interaction_model

clean:
	rm -rf $(VENV) .aws-sam .local .pytest_cache .ruff_cache .mypy_cache
