# Two commands for a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db demo bench screenshots browser lint format clean

# Finds a Python >= 3.12: the one .python-version names (via pyenv), then python3.13/3.12/python3 on PATH.
define find_python
for c in "$$(command -v pyenv >/dev/null && pyenv prefix "$$(cat .python-version)" 2>/dev/null)/bin/python3" python3.13 python3.12 python3; do \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; exit 0; }; \
done; exit 1
endef

$(STAMP): requirements.lock pyproject.toml
	@py=$$($(find_python)) || { echo "Python 3.12 or newer is needed. Install it (e.g. 'pyenv install 3.12') and run make again." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

setup: $(STAMP)

db: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_catalog

demo: db
	@if $(PY) manage.py help seed_demo >/dev/null 2>&1; then $(PY) manage.py seed_demo; fi

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it once where it is missing.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }; \
	  else echo "Chromium is needed for the browser tests: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database; TEST_WORKERS=0 runs
# it in this one process (for a debugger). Two suit this 2-core machine; the Redis tests take two databases per worker.
TEST_WORKERS ?= 2

test: setup browser lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# ruff: the lint rules and the formatting in pyproject.toml; `make format` applies both.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The benchmark's load generator is Debian's wrk; installed once where it is missing.
bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }; }; } || echo "wrk not installed: throughput is skipped" >&2
	$(PY) manage.py bench $(BENCH_ARGS)

screenshots: setup browser
	$(PY) -m pytest tests/browser/test_screenshots.py -m browser -p no:randomly $(PYTEST_ARGS) --screenshots

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles screenshots
