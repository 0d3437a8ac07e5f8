# Two commands matter: `make demo` (build everything from data/) and `make test` (the whole suite).
# Each installs what it needs into .venv by itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test test-bolt bench bench-10k bench-extract fuzz review aliases venv browser clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Debian's Chromium (and a CJK font, so screenshots show Chinese) for the browser tests;
# installed as root when missing, skipped when already there.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "cjk"; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium fonts-noto-cjk'"; fi; }

demo: $(STAMP)
	$(BIN)/dutygraph build data/plans --out $(OUT)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

test-bolt: $(STAMP)
	$(BIN)/python -m pytest -q -m bolt

bench-10k: $(STAMP)
	$(BIN)/python bench/run.py --sizes 10k --skip rdf,site --query-runs 5

bench-extract: $(STAMP)
	$(BIN)/python bench/extract_bench.py --repeat 20

review: $(STAMP)
	$(BIN)/dutygraph review data/plans --out $(OUT) --slip 赣服通

aliases: $(STAMP)
	$(BIN)/dutygraph aliases review data/plans

fuzz: $(STAMP)
	DUTYGRAPH_FUZZ_EXAMPLES=200000 $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(OUT) .pytest_cache
