# Set-up and everyday commands. `make run` and `make test` work on a fresh clone:
# they find a Python 3.12+ interpreter (see .ci/find-python), create .venv and install.
VENV ?= .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/baseline.yaml

.PHONY: run compare test bench lint clean

$(BIN)/python:
	"$$(sh .ci/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench,discover,app,notebooks]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/phb-sim run $(SCENARIO)

# The policy comparison of the README: commissioned care against supported and unsupported
# direct payments, 10 replications each, report in results/compare/arrangements/report.html.
compare: $(VENV)/.installed
	$(BIN)/phb-sim compare arrangements/commissioned arrangements/direct_payment_supported \
		arrangements/direct_payment_unsupported --out results/compare/arrangements

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_model.py

lint: $(VENV)/.installed
	$(BIN)/ruff check sim tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
