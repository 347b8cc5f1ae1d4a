# dlgrade — one Makefile for set-up, the demo, tests, lint and benchmarks.
# Every target installs what it needs into .venv on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

# Offline data (see ../shared/data/README.md); a learner with internet needs none of it.
SHARED_DATA := $(abspath ../shared/data)
ifneq ($(wildcard $(SHARED_DATA)),)
export DLGRADE_DATA ?= $(SHARED_DATA)
endif

.PHONY: install demo test test-fast lint stubs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,instructor]'
	@# the class report's browser test needs Chromium: installed when root and missing (else that test skips, saying why)
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }; } || \
	  echo "note: could not install chromium + chromium-driver; the class report's browser test will skip"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)  ## the main job: a demo class graded through nbgrader
	$(VENV)/bin/dlgrade demo

test: $(STAMP)  ## the whole test suite (what CI runs)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

stubs: $(STAMP)  ## regenerate exercises/ from solutions/
	$(VENV)/bin/dlgrade stubs

bench: $(STAMP)
	$(PY) benchmarks/run.py | tee benchmarks/results.txt

clean:
	rm -rf $(VENV) build dist *.egg-info
