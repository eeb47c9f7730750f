# Audio Levels Lab — every entry point.
#   make lab     set up .venv (first time only) and start JupyterLab on notebooks/
#   make test    same set-up, then lint + the whole test suite, the browser tests included (as
#                root, chromium and fonts-noto-cjk are installed with apt when missing)
#   make test-fast     the same without tests/browser/
#   make test-browser  only the browser tests: every notebook in JupyterLab + Chromium, the site
#   make html    execute every notebook into a static site under site/
#   make figures draw the README's figures into figures/ (PNG and SVG)
#   make handout learner copies of the notebooks, solutions removed, in handout/
#   make tidy    store the notebooks in canonical form (no outputs, cell ids kept)
#   make bench   print the benchmarks' measured figures
#   make data    rebuild the bundled audio corpus in data/ (maintainers only)
# Another interpreter gets its own venv:  make test PYTHON=/path/to/python3.12

PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifeq ($(PYVER),)
$(error $(PYTHON) was not found: install Python >= 3.11 or pass PYTHON=/path/to/python3)
endif
ifeq ($(origin PYTHON),command line)
VENV ?= .venv-$(PYVER)
else
VENV ?= .venv
endif
VPY := $(VENV)/bin/python
# pytest processes (pytest-xdist): one per core by default; PYTEST_JOBS=0 runs in one process
PYTEST_JOBS ?= auto
STAMP := $(VENV)/.installed
LINT_PATHS := lib tests notebooks benchmarks scripts tools
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: lab test test-fast test-browser lint browser-deps html figures handout tidy bench data clean

# (Re)install only when requirements.txt or pyproject.toml changed since the last install.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed, this is " + sys.version.split()[0]'
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VPY) tools/warm_caches.py
	touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

# tests/browser/ drive JupyterLab and the built site in Debian's chromium; the Korean terms need a
# CJK font. Installed when missing and root (as on CI); otherwise those tests skip, saying how.
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -n "$$(fc-list :lang=ko 2>/dev/null)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and fonts-noto-cjk for the browser tests (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	else \
	  echo "browser tests will be skipped: run 'sudo apt-get install -y chromium fonts-noto-cjk'"; \
	fi

# Everything, the browser tests included (they skip, saying how to enable them, when chromium
# is missing and cannot be installed). test-fast leaves them out; test-browser runs only them.
test: lint browser-deps
	$(VPY) -m pytest -n $(PYTEST_JOBS) --dist loadgroup $(PYTEST_ARGS)

test-fast: lint
	$(VPY) -m pytest -n $(PYTEST_JOBS) --dist loadgroup --ignore=tests/browser $(PYTEST_ARGS)

test-browser: lint browser-deps
	$(VPY) -m pytest -n $(PYTEST_JOBS) --dist loadgroup tests/browser $(PYTEST_ARGS)

html: $(STAMP)
	$(VPY) tools/build_site.py notebooks site
	@echo "open site/index.html"

figures: $(STAMP)
	PYTHONPATH=tools $(VPY) tools/figures.py figures

handout: $(STAMP)
	$(VPY) tools/handout.py notebooks handout
	@echo "learner copies (no solutions) in handout/"

tidy: $(STAMP)
	$(VPY) tools/nbtidy.py notebooks/*.ipynb

bench: $(STAMP)
	PYTHONPATH=tools $(VPY) benchmarks/run.py

data: $(STAMP)
	bash scripts/make_data.sh $(VPY)

clean:
	rm -rf site handout outputs .pytest_cache .ruff_cache
