# Two commands matter: `make demo` (build everything from data/) and `make test` (the whole suite).
# Each installs what it needs into .venv by itself.
# The venv's interpreter: Debian's python3.11 when the machine has it with venv (Debian builds it with
# profile-guided optimisation and LTO, linked statically: against a default source build such as pyenv's,
# extraction took 7-11% less CPU with -O1 modules and ~4% with -O2, a 10k build 11% less; the same records),
# else the first python3 on PATH. `make PY=...` chooses for a new .venv.
PY ?= $(or $(shell for p in /usr/bin/python3.11 python3; do $$p -c 'import ensurepip, venv' >/dev/null 2>&1 && { command -v $$p; break; }; done),python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test test-bolt bench bench-10k bench-extract fuzz review aliases venv native browser clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,native]'
	touch $(STAMP)

venv: $(STAMP)

# The package's modules compiled with Cython (dutygraph/native.py; ~3.5 min on 2 cores from nothing,
# well under a second when nothing changed). Without a C compiler, or when a compile fails, one warning
# and everything runs as Python; the details are in .venv/native-build.log.
native: $(STAMP)
	@$(BIN)/python -m dutygraph.native build 2>$(VENV)/native-build.log || \
	  echo "warning: dutygraph's native build failed (see $(VENV)/native-build.log): running as pure Python"

# Debian's Chromium (and a CJK font, so screenshots show Chinese) for the browser tests;
# installed as root when missing, skipped when already there.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "cjk"; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium fonts-noto-cjk'"; fi; }

demo: $(STAMP) native
	$(BIN)/dutygraph build data/plans --out $(OUT)

test: $(STAMP) native browser
	$(BIN)/python -m pytest -q

bench: $(STAMP) native
	$(BIN)/python bench/run.py

test-bolt: $(STAMP) native
	$(BIN)/python -m pytest -q -m bolt

bench-10k: $(STAMP) native
	$(BIN)/python bench/run.py --sizes 10k --skip rdf,site --query-runs 5

bench-extract: $(STAMP) native
	$(BIN)/python bench/extract_bench.py --repeat 20

review: $(STAMP) native
	$(BIN)/dutygraph review data/plans --out $(OUT) --slip 赣服通

aliases: $(STAMP) native
	$(BIN)/dutygraph aliases review data/plans

fuzz: $(STAMP) native
	DUTYGRAPH_FUZZ_EXAMPLES=200000 $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(OUT) .pytest_cache
