# The only entry points: setup, run, test, bench, lint (README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test bench chaos lint format messages browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## setup: virtual environment, dependencies, design-system bundle, database migrations
setup: $(INSTALLED)
	$(BIN)/python manage.py build_assets --verbosity 0
	$(BIN)/python manage.py migrate --noinput

## run: setup, demo data, serve on http://127.0.0.1:8000 with the task worker
run: setup
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## test: setup, lint, the whole test suite (DATABASE_URL chooses the database)
test: setup lint browser
	$(BIN)/python -m pytest

## browser: Debian's Chromium for the browser tests (installed when missing and root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## bench: speed figures (rules engine; simulator pages on a slow network; deposits, PDF; queue)
bench: setup browser
	$(BIN)/python -m tests.perf.bench_rules
	$(BIN)/python -m tests.perf.bench_pages
	$(BIN)/python -m tests.perf.bench_deposit
	$(BIN)/python -m tests.perf.bench_queue

## chaos: 200 deposits under SIGKILL of web and workers (PostgreSQL: CHAOS_DATABASE_URL)
chaos: setup
	$(BIN)/python -m tests.perf.chaos

## lint: ruff (lint and format), mypy strict on the rules engine, import contracts
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: extract and compile translations (needs GNU gettext)
messages: $(INSTALLED)
	cd sejour && ../$(BIN)/django-admin makemessages --locale en --locale ar --no-obsolete --no-location
	cd sejour && ../$(BIN)/django-admin compilemessages
