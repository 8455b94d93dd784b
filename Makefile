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

# `sam build` builds each function with `make build-<Function>` (BuildMethod: makefile in template.yaml):
# the requirements, as wheels for the Lambda runtime (Amazon Linux 2023: glibc 2.34, so manylinux 2.28
# wheels run), and our runtime packages; never tests, benchmarks, the local runner or its state; then
# bytecode for all of it (see scripts/package_lambda.py). LAMBDA_PYTHON must be the template's Runtime
# (a test checks it).
LAMBDA_PYTHON := 3.12
LAMBDA_FUNCTIONS := SkillFunction OrderEventsFunction SchedulerFunction NotifierFunction RefitFunction
.PHONY: $(addprefix build-,$(LAMBDA_FUNCTIONS))
$(addprefix build-,$(LAMBDA_FUNCTIONS)):
	$(PYTHON) -m pip install --quiet --no-compile --disable-pip-version-check --target "$(ARTIFACTS_DIR)" \
	  --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --implementation cp \
	  --python-version $(LAMBDA_PYTHON) --only-binary=:all: -r requirements.txt
	$(PYTHON) -m scripts.package_lambda "$(ARTIFACTS_DIR)"
	@if python$(LAMBDA_PYTHON) -c "" 2>/dev/null; then \
	  python$(LAMBDA_PYTHON) -W ignore -m scripts.package_lambda --compile-for $(LAMBDA_PYTHON) "$(ARTIFACTS_DIR)"; \
	else echo "warning: no python$(LAMBDA_PYTHON) here, so no bytecode: cold starts compile every module (~0.6 s)"; fi

interaction-model: $(INSTALLED)
	$(BIN)/python -m scripts.build_interaction_model

clean:
	rm -rf $(VENV) .aws-sam .local .pytest_cache .ruff_cache .mypy_cache
