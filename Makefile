# tipnet: `make run` serves the demo on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The local demo is plain HTTP on localhost; production keeps the secure defaults.
DEMO_ENV := SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
# Synthetic cases beside the hand-made demo records, so that the pipeline and the indicators
# look like a country (about 4 s on SQLite).
DEMO_SYNTH_CASES ?= 3000

.PHONY: run test test-fast check install setup messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(DEMO_ENV) $(BIN)/tipnet migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/tipnet load_gazetteer
	$(DEMO_ENV) $(BIN)/tipnet collectstatic --no-input -v 0
	$(DEMO_ENV) $(BIN)/tipnet demo
	$(DEMO_ENV) $(BIN)/tipnet synth --cases $(DEMO_SYNTH_CASES) --fill --seed 7 -v 0

# The job runner runs beside gunicorn and stops with it (docs/jobs.md).
run: setup
	@echo "tipnet is serving http://$(HOST):$(PORT)/ with its job runner (Ctrl-C to stop)"
	@$(DEMO_ENV) $(BIN)/tipnet worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/gunicorn -c python:tipnet.gunicorn_conf tipnet.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# PYTEST_ARGS: e.g. -m 'not browser' (CI runs the browser tests once, on PostgreSQL).
PYTEST_ARGS ?=
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	bash .ci/code_check

messages: install
	cd src/tipnet && ../../$(BIN)/tipnet makemessages -l km --no-location --no-obsolete --ignore '*/tests/*' --ignore 'tests/*'
	cd src/tipnet && ../../$(BIN)/tipnet compilemessages -l km
	msgfmt --check -o src/tipnet/locale_django/km/LC_MESSAGES/django.mo src/tipnet/locale_django/km/LC_MESSAGES/django.po

BENCH_CASES ?= 1000000
BENCH_DB ?= tipnet_bench
BENCH_ARGS ?=
BENCH_IMPORT ?=
# Synthetic prevention activities for bench/prevention_reach.py (the issue's national scale).
BENCH_ACTIVITIES ?= 500000
BENCH_LOAD ?=
bench: install
	$(BIN)/python bench/list_search.py --cases $(BENCH_CASES) --db $(BENCH_DB) $(BENCH_ARGS)
	$(BIN)/python bench/name_search.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse $(BENCH_ARGS)
	$(BIN)/python bench/pipeline.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse $(BENCH_ARGS)
	$(BIN)/python bench/prevention_reach.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse --activities $(BENCH_ACTIVITIES) $(BENCH_ARGS)
	$(BIN)/python bench/importer.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse $(BENCH_ARGS) $(BENCH_IMPORT)
	$(BIN)/python bench/page_weight.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse
	$(BIN)/python bench/page_cost.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse $(BENCH_ARGS)
	$(BIN)/python bench/load.py --cases $(BENCH_CASES) --db $(BENCH_DB) --reuse $(BENCH_ARGS) $(BENCH_LOAD)

clean:
	rm -rf $(VENV) var
