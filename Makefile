# Two commands matter:  make site  (install pinned deps, build the site)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site install offline test lint validate serve coverage stats schema browser lighthouse bench search-weight clean

site: $(STAMP) ## install everything (pinned) and build the site into site/
	$(BIN)/briefing build

offline: $(STAMP) ## the site plus its offline edition (site/downloads/briefing-offline.zip)
	$(BIN)/briefing offline

install: $(STAMP) ## only install everything (pinned) into .venv

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Python that lint and format checks cover (content/checks holds the content's own tests).
PY_PATHS := generator tests scripts $(wildcard content/checks)

test: $(STAMP) browser lint ## lint, format, types, schema check, and every test (unit, build, browser)
	$(BIN)/briefing schema --check
	$(BIN)/pytest

lint: $(STAMP) ## ruff check, ruff format --check, mypy (strict on generator/)
	$(BIN)/ruff check $(PY_PATHS)
	$(BIN)/ruff format --check $(PY_PATHS)
	$(BIN)/mypy

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

browser: ## make sure Debian's Chromium (browser tests) and Java (HTML validator) are there
	@scripts/ensure-chromium.sh
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "installing Java for the HTML validator (vnu.jar)..." >&2 \
	  && apt-get update -qq >/dev/null && apt-get install -y -qq default-jre-headless >/dev/null; } \
	  || { echo "error: Java is missing: sudo apt-get install default-jre-headless" >&2; exit 1; }

# npm tools for `make lighthouse` only (package.json / package-lock.json); not needed to test.
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: site $(NODE_STAMP) ## Lighthouse scores for the main page kinds (needs npm); LIGHTHOUSE_ARGS="--write README-LIGHTHOUSE.md" records them
	$(BIN)/python scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

bench: $(STAMP) ## the build stage by stage at N = 1, 10, 100 copies of the briefing; validate on a 2 MB seed with 300 near misses; edit-to-served-page time of the live preview. BENCH_ARGS="--write BENCHMARKS.md" records the first
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_provenance.py
	$(BIN)/python scripts/bench_edit.py

search-weight: $(STAMP) browser ## search on a throttled phone: bytes and time to the first answer, own index vs Pagefind vs lunr, x1 and x100 (slow: builds x100)
	$(BIN)/python scripts/search_weight.py --hits $(SEARCH_WEIGHT_ARGS)

clean:
	rm -rf build site .pytest_cache
