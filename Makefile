# Two commands matter:  make site  (install pinned deps, build the site)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint validate serve coverage stats schema browser lighthouse bench clean

site: $(STAMP) ## install everything (pinned) and build the site into site/
	$(BIN)/briefing build

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

test: $(STAMP) browser ## lint, schema check, and every test (unit, build, browser)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/briefing schema --check
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/ruff format --check generator tests scripts

validate: $(STAMP) ## check content only; writes nothing
	$(BIN)/briefing validate

serve: $(STAMP) ## live preview on http://127.0.0.1:8000/
	$(BIN)/briefing serve

coverage: $(STAMP) ## what of each source the briefing captures
	$(BIN)/briefing coverage

stats: $(STAMP)
	$(BIN)/briefing stats

schema: $(STAMP) ## re-export schema/content.schema.json after changing generator/schema.py
	$(BIN)/briefing schema

browser: ## make sure Debian's Chromium is there for the browser tests
	@scripts/ensure-chromium.sh

lighthouse: site ## Lighthouse scores for the main page kinds (needs npm)
	$(BIN)/python scripts/lighthouse.py

bench: $(STAMP) ## generator vs MkDocs time, on the real content and scaled copies
	$(BIN)/python scripts/bench.py

clean:
	rm -rf build site .pytest_cache
