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

.PHONY: book test lint check bench browser lock clean handouts pdf offline

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

test: book browser lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-dejavu-core poppler-utils; }

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

# Re-resolve requirements.in into exact pins (needs the package registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -r requirements.in
	{ echo "# Exact pins resolved from requirements.in on Python 3.11 (make lock). Do not edit by hand."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf _build
