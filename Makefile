# The few commands people type. `make run` and `make test` set up .venv on first use;
# `make test` also installs the system tools its tests drive (see tools/test_tools.sh).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test lint fix tools soak bench bench-pi clean

$(STAMP): pyproject.toml
	$(PYTHON) tools/bootstrap_venv.py $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m kiosk --data-dir ./data run

serve: $(STAMP)
	$(PY) -m kiosk --data-dir ./data serve

# Three workers on a 2-core machine: many tests spend their time waiting (on a browser, a kiosk
# process, a printer's timeout, a hand resting past the input guard), so a third keeps both
# cores busy (about 11 minutes for the whole suite, against 13 with two).
test: tools $(STAMP) lint
	$(PY) -m pytest -n 3 -q

tools:
	@sh tools/test_tools.sh

lint: $(STAMP)
	$(PY) -m ruff check .

fix: $(STAMP)
	$(PY) -m ruff check --fix .

soak: $(STAMP)
	$(PY) -m pytest -q -m soak -p no:xdist

bench: $(STAMP)
	$(PY) -m bench

# The guest's and the served kiosk's benches, unlimited then at 25 % of one core (a cgroup,
# created and removed by the bench; root needed, else it says so and runs unlimited).
bench-pi: $(STAMP)
	$(PY) -m bench --pi

clean:
	rm -rf $(VENV) build *.egg-info
