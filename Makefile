# CRM Dojo — every target bootstraps .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench facts clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## compare the built-in strategies on the workshop scenario; report in out/
	$(PY) -m sim compare workshop --out out

test: $(STAMP)  ## run every test
	$(PY) -m pytest

bench: $(STAMP)  ## speed benchmark (ratios measured in the same run)
	$(PY) benchmarks/run.py

facts: $(STAMP)  ## check the course's numbers against the simulation
	$(PY) -m sim facts

clean:  ## remove outputs (keeps .venv)
	rm -rf out .pytest_cache .hypothesis
