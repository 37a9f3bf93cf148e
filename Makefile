# Two commands matter: `make book` and `make test` (see README). Everything else supports them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# CI builds from scratch; local builds reuse the execution cache.
CLEAN_BUILD := $(if $(filter true,$(CI)),--clean,)

.PHONY: book test lint check bench browser lock clean handouts pdf offline classroom classroom-deps classroom-system a11y-deps screenshots

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

book: $(STAMP)
	$(BIN)/sudjustice check
	$(BIN)/sudjustice build $(CLEAN_BUILD)

test: book browser lint classroom-deps a11y-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && command -v bwrap >/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-dejavu-core poppler-utils bubblewrap; }

# axe-core for the accessibility tests, from npm into tests/a11y only (`npm ci`, locked):
# Playwright injects it into each page under test; it is never copied into the site.
A11Y := tests/a11y
a11y-deps: $(A11Y)/node_modules/.package-lock.json

$(A11Y)/node_modules/.package-lock.json: $(A11Y)/package-lock.json | classroom-system
	cd $(A11Y) && npm ci --no-audit --no-fund
	touch $@

# Learner-eye review: full-page screenshots of every page at desktop and phone widths.
SHOTS ?= _build/screenshots
screenshots: $(STAMP) browser
	$(BIN)/sudjustice screenshots --out $(SHOTS)

# Classroom server (book/classroom.md): the proxy from npm (project-local, `npm ci`), and the
# environment every learner's server runs in, built with Debian's python3.11 because the
# project's .venv may use an interpreter under /root that other accounts cannot run.
CLASSROOM_ENV ?= /opt/sudjustice-classroom/env
export SUDJUSTICE_CLASSROOM_ENV := $(CLASSROOM_ENV)
CLASSROOM_PROXY := src/sudjustice/classroom/proxy
ROSTER ?=

classroom-deps: $(CLASSROOM_PROXY)/node_modules/.package-lock.json $(CLASSROOM_ENV)/.installed

classroom-system:
	@command -v npm >/dev/null && command -v useradd >/dev/null && \
	  /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q nodejs npm passwd python3.11-venv; }

$(CLASSROOM_PROXY)/node_modules/.package-lock.json: $(CLASSROOM_PROXY)/package-lock.json | classroom-system
	cd $(CLASSROOM_PROXY) && npm ci --no-audit --no-fund
	touch $@

# requirements.lock as constraints, minus soupsieve (see singleuser-requirements.txt).
$(CLASSROOM_ENV)/.installed: requirements.lock pyproject.toml src/sudjustice/classroom/singleuser-requirements.txt | classroom-system
	rm -rf $(CLASSROOM_ENV) && /usr/bin/python3.11 -m venv $(CLASSROOM_ENV)
	grep -v '^soupsieve==' requirements.lock > $(CLASSROOM_ENV)/constraints.txt
	$(CLASSROOM_ENV)/bin/python -m pip install -q -c $(CLASSROOM_ENV)/constraints.txt \
	  -r src/sudjustice/classroom/singleuser-requirements.txt -e .
	$(CLASSROOM_ENV)/bin/python -m pip check
	touch $@

# Start JupyterHub for the course on this machine (as root): make classroom ROSTER=learners.csv
classroom: $(STAMP) classroom-deps
	$(BIN)/sudjustice classroom start $(if $(ROSTER),--roster $(ROSTER),)

# Workshop pack (participant/ and facilitator/ PDFs) in _build/handouts; keys stay in facilitator/.
handouts: $(STAMP) browser
	$(BIN)/sudjustice handouts --out _build/handouts

# The whole book as one PDF (_build/pdf/book.pdf) and as an offline zip of the site.
pdf: book browser
	$(BIN)/sudjustice pdf --out _build/pdf/book.pdf

offline: book
	$(BIN)/sudjustice offline --out _build/sudjustice-course-offline.zip

bench: $(STAMP) browser
	$(BIN)/python tests/bench_book.py
	$(BIN)/python tests/bench_grading.py
	$(BIN)/python tests/bench_exam.py

# Re-resolve requirements.in into exact pins (needs the package registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -r requirements.in
	{ echo "# Exact pins resolved from requirements.in on Python 3.11 (make lock). Do not edit by hand."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf _build
