# Catalyst Admin: `make run` serves the console (web + Celery worker + beat) on
# http://127.0.0.1:$(PORT)/ in the embedded mode (SQLite and Celery's filesystem transport
# under var/); `make test` runs every test. Both create .venv and install on first use.

SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
# Written once the dependencies from pyproject.toml are installed; redone when it changes.
# Two stamps: running needs only [project] dependencies (STAMP); the test tools (the `test`
# extra: pytest, Playwright, moto, ruff, import-linter) are installed by `make test`/`make lint`.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=

# Installs [project] dependencies, plus the extras named in the arguments (`test`), straight
# from pyproject.toml (the project itself is not a package: `[tool.setuptools] packages = []`).
# --no-compile: Python compiles what is imported on first import instead of pip compiling every
# installed module up front (most of botocore's, for one, is never imported by the console).
define INSTALL_DEPS
import subprocess, sys, tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
deps = list(project.get("dependencies", []))
for extra in sys.argv[1:]:
    deps += project.get("optional-dependencies", {}).get(extra, [])
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-compile", *deps]))
endef
export INSTALL_DEPS

.DEFAULT_GOAL := help
.PHONY: help install run test migrate seed lint

help:
	@echo "make run      serve the console at http://$(HOST):$(PORT)/ (web, worker, beat; Ctrl-C stops all)"
	@echo "make test     run the whole test suite (extra pytest arguments: PYTEST_ARGS=...)"
	@echo "make install  create $(VENV) and install what running needs (make test adds the test tools)"
	@echo "make lint     ruff check and the import-linter contracts of the layout"

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -c "$$INSTALL_DEPS"
	touch $@

$(TEST_STAMP): $(STAMP)
	$(VENV_PY) -c "$$INSTALL_DEPS" test
	touch $@

install: $(STAMP)

# The embedded mode's targets run with DEBUG on unless the environment says otherwise: with
# DEBUG off the settings need SECRET_KEY, and seed_demo refuses without DEMO_WORLD=1.
migrate seed: export DEBUG ?= true
migrate: $(STAMP)
	$(VENV_PY) manage.py migrate --noinput

seed: migrate
	$(VENV_PY) manage.py seed_demo

# The embedded mode runs with DEBUG on unless the environment says otherwise: with
# DEBUG off the settings redirect to HTTPS and mark cookies Secure.
run: export DEBUG ?= true
run: $(STAMP)
	$(VENV_PY) manage.py migrate --noinput
	$(VENV_PY) manage.py seed_demo
	exec $(VENV_PY) manage.py runconsole --host "$(HOST)" --port "$(PORT)"

test: $(TEST_STAMP)
	@$(VENV_PY) -m playwright --version || true
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
