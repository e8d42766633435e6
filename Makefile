# The only entry points: setup, run, test, bench, lint (README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test bench chaos lint format messages browser clamav

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

## run: setup, demo data, serve on http://127.0.0.1:8000 with the task worker (each
## restarted if it dies)
run: setup
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_all 127.0.0.1:8000

## test: setup, lint, the whole test suite (DATABASE_URL chooses the database)
test: setup lint browser clamav
	$(BIN)/python -m pytest

## browser: Debian's Chromium for the browser tests (installed when missing and root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## clamav: Debian's ClamAV daemon for the antivirus tests, which start their own clamd on a
## database they write (installed when missing and root; no clamd or freshclam service started)
clamav:
	@command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo 'clamav-freshclam clamav-freshclam/autoupdate_freshclam select manual' | debconf-set-selections; \
	    made=0; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made=1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends clamav-daemon >/dev/null; status=$$?; \
	    if [ $$made = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; exit $$status; \
	  else echo "The antivirus tests need clamd: sudo apt-get install clamav-daemon" >&2; exit 1; fi; }

## bench: every benchmark, then each target with its figure; fails when one is missed
bench: setup browser
	$(BIN)/python -m tests.perf

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
