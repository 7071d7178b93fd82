# The two commands a newcomer needs: `make site` and `make test`.
# Each creates .venv from the pinned requirements when it is missing or out of date.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the site (sitemap) come from the last commit unless set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

.PHONY: site preview preview-links serve test compat compat-zensical check proof lint lint-copy golden translations schema bench system-deps node-deps clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements.txt pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-dev.txt $(VENV)/.site-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## site: build the whole bilingual site into site/: the generator writes docs/, then one
## `mkdocs build --strict` per language runs, both at once (`mkdocs build` alone gives the same site)
site: $(VENV)/.site-installed
	$(BIN)/python -m generator site

## preview: build every release, embargoed ones included (banner, noindex), into preview/ for journalists
preview: $(VENV)/.site-installed
	PRESS_PREVIEW=1 $(BIN)/mkdocs build --strict -d preview

## preview-links: print the journalists' address of each release under embargo (PRESS_PREVIEW_PASSPHRASE set)
preview-links: $(VENV)/.site-installed
	$(BIN)/python -m generator preview-links

## serve: preview on http://127.0.0.1:8000 with live reload; an edit renders only the pages it changed (--dirty)
serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## check: validate the data and verify every published figure, writing nothing
check: $(VENV)/.site-installed
	$(BIN)/python -m generator check

## proof: check every figure of the office's draft against the data (make proof DRAFT=release.docx)
proof: $(VENV)/.site-installed
	@test -n "$(DRAFT)" || { echo "usage: make proof DRAFT=path/to/draft.docx (or .pdf, .txt, .md)"; exit 2; }
	$(BIN)/python -m generator proof $(DRAFT)

## test: lint, type-check and run every test, browser tests included
test: $(VENV)/.test-installed system-deps node-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest --hypothesis-profile=ci
	$(MAKE) --no-print-directory compat

## compat: build the site with MkDocs and with ProperDocs (the drop-in fork) and compare them page by page
compat: $(VENV)/.test-installed
	$(BIN)/python scripts/compat.py

## compat-zensical: build the generated pages with Zensical (pinned in requirements-zensical.txt, in its
## own .venv-zensical), one configuration per language, and check pages, addresses and lang offline.
## Not part of `make test` while Zensical is before 1.0: it prints its result.
ZENSICAL_VENV := .venv-zensical
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

compat-zensical: $(VENV)/.site-installed $(ZENSICAL_VENV)/.installed
	$(BIN)/python scripts/compat_zensical.py --zensical $(ZENSICAL_VENV)/bin/zensical

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## lint-copy: write docs/ from the data, then check the copy as editors would: American spelling
## (codespell en-GB_to_en-US and a word list) in docs/en, textlint (.textlintrc.json) in docs/ja
lint-copy: $(VENV)/.test-installed node-deps
	$(BIN)/python -m generator build
	$(BIN)/python -m tests.copy_rules docs

## golden: regenerate the golden Markdown files after an intended change
golden: $(VENV)/.test-installed
	$(BIN)/pytest tests/test_golden.py --update-golden

## translations: extract the messages and update the .po catalogs
translations: $(VENV)/.site-installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project=press-site -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

## schema: regenerate data/schema.json from the models
schema: $(VENV)/.site-installed
	$(BIN)/python -m generator schema

## bench: time the generator, the build and the preview on synthetic sites (BENCH_ARGS="--sizes 1,10,100,1000")
bench: $(VENV)/.site-installed
	$(BIN)/python -m bench.bench $(BENCH_ARGS)

## system-deps: Debian packages the browser tests need, only those whose tool is missing (see scripts/system_deps.py)
system-deps:
	$(PYTHON) scripts/system_deps.py

## node-deps: axe-core for the browser tests, at the version locked in package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "node-deps: npm is missing; run \`make system-deps\` (it says how to get npm)" >&2; exit 1; }
	@npm ci --no-audit --no-fund || { \
	  echo "node-deps: \`npm ci\` failed (its error is above). If package.json changed, update the lock with" >&2; \
	  echo "    npm install --package-lock-only --no-audit --no-fund" >&2; \
	  echo "then run by hand:  npm ci --no-audit --no-fund" >&2; exit 1; }
	@test -f node_modules/axe-core/axe.min.js || { echo "node-deps: npm ci did not install axe-core" >&2; exit 1; }
	@touch $@

node-deps: system-deps node_modules/.package-lock.json

clean:
	rm -rf site preview docs/ja docs/en .venv-zensical .pytest_cache .mypy_cache .ruff_cache
