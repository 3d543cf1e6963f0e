# socialworkbook: `make help` lists the targets.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# test-oldest: a second venv with the oldest versions pyproject.toml allows (uv lowest-direct)
OLDEST ?= .venv-oldest
PYTHON ?= python3

.DEFAULT_GOAL := help
.PHONY: help install demo test test-fast test-oldest lint format bench simulate examples lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@command -v chromium >/dev/null || echo "note: PDFs (share --pdf) and browser tests need Chromium: sudo apt-get install chromium"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv (if missing) and install the kit with its test tools

demo: $(STAMP) ## Run every template for every example client; print the portfolio index
	$(VENV)/bin/socialworkbook run --all
	@echo "Open the portfolio index: $(CURDIR)/notebooks/index.html"

test: $(STAMP) ## Run every test (pytest, nbval on the templates, browser tests)
	$(PY) -m pytest -n 2 --dist loadgroup
	$(PY) -m pytest --nbval-lax --nbval-current-env -n 2 --dist loadfile templates

test-fast: $(STAMP) ## Run the tests that need no notebook execution or browser
	$(PY) -m pytest -m "not slow and not browser"

# rebuilt from scratch whenever pyproject.toml changes, so no newer version lingers
$(OLDEST)/.installed: pyproject.toml
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip uv
	$(OLDEST)/bin/uv pip install --quiet --python $(OLDEST)/bin/python --resolution lowest-direct -e ".[test]"
	@touch $@

test-oldest: $(OLDEST)/.installed ## Run the fast tests on the oldest versions pyproject.toml allows
	$(OLDEST)/bin/uv pip list --python $(OLDEST)/bin/python
	$(OLDEST)/bin/python -m pytest -m "not slow and not browser" -n 2 --dist loadgroup

lint: $(STAMP) ## ruff check and format check (the templates too)
	$(VENV)/bin/ruff check lib tests scripts bench templates
	$(VENV)/bin/ruff format --check lib tests scripts bench templates

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format lib tests scripts bench templates

bench: $(STAMP) ## Benchmarks: sentiment scoring, the estimate's classifier, batch runs, post metrics, portfolio benchmarks, intake, incremental runs at 1,000 clients (BEFORE=REV: side by side with commit REV)
	$(PY) bench/bench_sentiment.py
	$(PY) bench/bench_estimate.py
	$(PY) bench/bench_batch.py $(if $(BEFORE),--before $(BEFORE))
	$(PY) bench/bench_metrics.py
	$(PY) bench/bench_portfolio.py
	$(PY) bench/bench_intake.py
	$(PY) bench/bench_incremental.py $(if $(BEFORE),--before $(BEFORE))

simulate: $(STAMP) ## Simulations (long, not in make test): the estimate's coverage and bias, the tests' false alarms and coverage
	$(PY) bench/simulate_estimate.py --draws 200 --labels 100 300
	$(PY) bench/simulate_tests.py

examples: $(STAMP) ## Regenerate the example clients (seeded)
	$(PY) scripts/make_examples.py

lab: $(STAMP) ## Start JupyterLab on the project
	$(VENV)/bin/socialworkbook lab

clean: ## Remove run outputs (notebooks/*) and caches
	find notebooks -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .bench
