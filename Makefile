# Every target installs what it needs into .venv first, so each works on a fresh machine.
# The Python 3.11 the venv is made from: Debian's own /usr/bin/python3.11 where it can make
# one (its interpreter has libpython linked in, and runs the ETL in 7-10% less time here than
# the shared-library build pyenv makes by default), else python3. `make PY=...` picks another.
PY ?= $(shell /usr/bin/python3.11 -c "import ensurepip, venv" 2>/dev/null && echo /usr/bin/python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := data/sample
OUT := data/processed

.PHONY: run test etl eval check-sample bench stress venv dev clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The rule modules compiled with mypyc, and the saved gazetteer (etl/native.py), rebuilt when
# what they are made from changes.
# A failed build only prints why: the same modules then run as plain Python.
NATIVE_SOURCES := $(addprefix etl/,scan.py numbers.py dates.py places.py people.py counts.py visits.py plausibility.py extract.py native.py lexicon.py)
$(VENV)/.native: $(NATIVE_SOURCES) | $(VENV)/.runtime
	$(BIN)/python -m scripts.build_native
	touch $@

venv: $(VENV)/.runtime
dev: $(VENV)/.dev

# Build the tables from the bundled sample articles (only new articles are processed).
etl: $(VENV)/.runtime $(VENV)/.native
	$(BIN)/python -m etl run $(SAMPLE) --out $(OUT)

# Set up, build the sample tables, start the dashboard on them.
run: etl
	$(BIN)/streamlit run dashboard/app.py -- --data $(OUT)

# Set up and run every test (unit, CLI end to end, dashboard, browser).
test: $(VENV)/.dev $(VENV)/.native
	$(BIN)/python -m pytest -q tests

# Precision / recall / F1 per table on the annotated evaluation set.
eval: $(VENV)/.runtime $(VENV)/.native
	$(BIN)/python -m scripts.eval

# The same scores for the whole pipeline on data/sample/, against data/EXPECTED.md.
check-sample: $(VENV)/.runtime $(VENV)/.native
	$(BIN)/python -m scripts.check_sample

# Throughput and memory of the ETL, then dashboard render times.
bench: $(VENV)/.dev $(VENV)/.native
	$(BIN)/python -m scripts.bench

# 100,000 articles through the ETL with peak memory; dashboard under concurrent sessions.
stress: $(VENV)/.dev $(VENV)/.native
	$(BIN)/python -m scripts.stress
	$(BIN)/python -m scripts.load_dashboard

clean:
	rm -rf $(OUT) data/bench test-artifacts build $(VENV)/.native
