# CRM Dojo — every target bootstraps .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench facts clean help browser workshop lab notebooks

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## compare the built-in strategies on the workshop scenario; report in out/
	$(PY) -m sim compare workshop --out out

test: $(STAMP) browser  ## run every test (with the notebooks and the browser tests), two files at once
	$(PY) -m pytest -n auto --maxprocesses=2

browser:  ## install Debian's chromium and CJK fonts for the browser tests, if missing
	bash scripts/install_browser.sh

HOST ?= 0.0.0.0
PORT ?= 8866
LAB_HOST ?= 127.0.0.1
LAB_PORT ?= 8888
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

ROOM_WORKERS ?= 1
SERVER ?= solara
CAPACITY ?= $(if $(filter voila,$(SERVER)),20,60)

workshop: $(STAMP)  ## serve the cases to a room: make workshop HOST=0.0.0.0 PORT=8866 CAPACITY=60 (SERVER=voila: the tournament too)
	@echo "Trainees open http://<this machine's address>:$(PORT)/ ($(SERVER); at most $(CAPACITY) pages at once)"
	$(PY) -m sim.room --server $(SERVER) --host $(HOST) --port $(PORT) --capacity $(CAPACITY) --workers $(ROOM_WORKERS)

lab: $(STAMP)  ## open JupyterLab on the repository (no token, on $(LAB_HOST):$(LAB_PORT) only)
	$(VENV)/bin/jupyter lab --no-browser $(ROOT_FLAG) --IdentityProvider.token='' \
	    --ServerApp.ip=$(LAB_HOST) --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
	    --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

notebooks: $(STAMP)  ## rebuild notebooks/*.ipynb from scripts/build_notebooks.py
	$(PY) scripts/build_notebooks.py

bench: $(STAMP)  ## speed benchmark (ratios measured in the same run)
	$(PY) benchmarks/run.py

facts: $(STAMP)  ## check the course's numbers against the simulation
	$(PY) -m sim facts

clean:  ## remove outputs (keeps .venv)
	rm -rf out .pytest_cache .hypothesis
