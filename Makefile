# Two commands do all set-up: `make lab` and `make test`. Both create .venv when it is missing
# and (re)install the package with its dev extras whenever pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TIMEOUT ?= 300
# JupyterLab refuses to run as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# JupyterLab settings for this environment only (never the user's home): no news pop-up.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
# The browser for `make e2e` (Debian's chromium package; set CHROMIUM=... to use another one).
CHROMIUM ?= $(firstword $(wildcard /usr/bin/chromium /usr/bin/chromium-browser))
E2E_STAMP := $(VENV)/.installed-e2e
# `make student`, `make test-teaching`: the instructor extra (nbgrader 0.9 needs Python >= 3.11).
INSTRUCTOR_STAMP := $(VENV)/.installed-instructor
# `make test-oldest`: every lower bound of pyproject.toml, pinned by constraints-oldest.txt.
OLDEST       := .venv-oldest
OLDEST_STAMP := $(OLDEST)/.installed

.PHONY: lab test test-portable execute slides site bench e2e test-oldest student test-teaching clean help

help:
	@echo "make lab      start JupyterLab on the repository, at the course map notebooks/index.ipynb (localhost, token)"
	@echo "make test     check the layering and the lint, run the unit tests and nbval over every notebook"
	@echo "make test-portable  nbval over every notebook under other BLAS kernels, thread counts and NumPy SIMD loops"
	@echo "make execute  re-execute every notebook in place (fresh top-to-bottom outputs)"
	@echo "make slides   build/slides/NN_*.lecture.slides.html (with solutions) and NN_*.student.slides.html (stubs):"
	@echo "              each chapter executed in the talk context, as reveal.js slides; build/slides/ opens offline"
	@echo "make site     build/site/: the course as a static website (offline; preview: python -m http.server -d build/site)"
	@echo "make bench    run the speed benchmarks in benchmarks/ (the browser one needs Chromium)"
	@echo "make e2e      run every notebook in JupyterLab in headless Chromium and check its static HTML export"
	@echo "make test-oldest  run the unit tests and nbval with the oldest supported dependencies (.venv-oldest)"
	@echo "make student  build the student version of every chapter with nbgrader (build/student/)"
	@echo "make test-teaching  build it, autograde it unsolved and solved, and check the scores (nbgrader)"
	@echo "make clean    remove .venv and caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(LAB_OVERRIDES): | $(BIN)/python
	mkdir -p $(dir $@)
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@

# The repository root is served (notebooks/ and build/student/ alike), and the landing page (the URL
# printed, and the one a local browser opens) is the course map. LAB_ROOT and LAB_FLAGS are for the
# e2e test, which serves a copy of the course on its own port.
LAB_ROOT ?= .
lab: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(LAB_ROOT) \
		--LabApp.default_url=/lab/tree/notebooks/index.ipynb $(ROOT_FLAG) $(LAB_FLAGS)

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python -m pytest

# The printed outputs must not depend on how the machine rounds. `make test` runs nbval with this machine's
# defaults (its OpenBLAS kernel, one BLAS thread per core, NumPy's widest SIMD loops); `make test-portable`
# runs it again under OpenBLAS kernels that round differently, with 1 and with 2 BLAS threads, and once
# with every SIMD loop NumPy picks at run time switched off (its baseline loops for exp, log, tanh, ...).
NPY_DISPATCHED = $(shell $(BIN)/python -c 'import numpy._core._multiarray_umath as m; \
	print(",".join(f for f in m.__cpu_dispatch__ if m.__cpu_features__.get(f)))')
PORTABLE_RUNS = "OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=1" \
	"OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=2" \
	"OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 NPY_DISABLE_CPU_FEATURES=$(NPY_DISPATCHED)"

test-portable: $(STAMP)
	@for run in $(PORTABLE_RUNS); do \
		echo "nbval with $$run"; env $$run $(BIN)/python -m pytest -q notebooks || exit 1; \
	done

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=$(TIMEOUT) --ExecutePreprocessor.kernel_name=python3 notebooks/*.ipynb

# The notebooks run in the talk context and become reveal.js slides that load nothing from the internet:
# reveal.js, MathJax 2, require.js and jQuery are installed once from npm into build/vendor (it says so
# first), and the files the decks load are copied into build/slides/lib.
slides: $(STAMP)
	$(BIN)/python -m tools.slides build --timeout $(TIMEOUT) notebooks/[0-9][0-9]_*.ipynb

# The course website from the committed notebooks (never executed): Sphinx + MyST-NB, MathJax vendored
# from npm into build/site-vendor once, the explorers' pictures rendered at build time (site/build.py).
SITE_STAMP := $(VENV)/.installed-site
$(SITE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,site]'
	touch $@

site: $(SITE_STAMP)
	$(BIN)/python site/build.py

bench: $(E2E_STAMP)
	$(BIN)/python benchmarks/run_all.py

$(E2E_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,e2e,site]'
	touch $@

e2e: $(E2E_STAMP)
	@if [ -z "$(CHROMIUM)" ]; then \
		echo "make e2e needs Chromium. Install Debian's package as root: apt-get update && apt-get install -y chromium"; \
		echo "(or point CHROMIUM=/path/to/chromium at another Chromium or Chrome)"; exit 1; fi
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/e2e

$(INSTRUCTOR_STAMP): $(STAMP)
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "make student needs Python 3.11 or newer (nbgrader 0.9); make PYTHON=python3.11 clean student"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[dev,instructor]'
	touch $@

student: $(INSTRUCTOR_STAMP)
	$(BIN)/python -m tools.student build

test-teaching: $(INSTRUCTOR_STAMP)
	$(BIN)/python -m pytest tests/teaching

$(OLDEST_STAMP): pyproject.toml constraints-oldest.txt
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet -c constraints-oldest.txt setuptools wheel
	$(OLDEST)/bin/python -m pip install --quiet --no-build-isolation -c constraints-oldest.txt -e '.[dev]'
	touch $@

test-oldest: $(OLDEST_STAMP)
	$(OLDEST)/bin/lint-imports
	$(OLDEST)/bin/ruff check
	$(OLDEST)/bin/ruff format --check
	$(OLDEST)/bin/python -m pytest

clean:
	rm -rf $(VENV) $(OLDEST) build *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
