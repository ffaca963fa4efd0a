# Entry points, all documented in README.md.
#   make test      install what the tests need (no Quarto) and run them
#   make site      install, then render the whole site with Quarto into _site/
#   make preview   install, then serve the site locally, re-rendering pages as they change
#   make lock      re-resolve requirements.lock from pyproject.toml (maintainers)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
QUARTO_VERSION = 1.10.18

.PHONY: install test site preview lock quarto

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .

# The Fourier page's interactive figure is checked in Node when npm is available (the exact
# OJS parser, Plot and Inputs versions Quarto 1.10.18 uses); without npm that test skips.
test: install
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix tests/chapters/ojs --no-audit --no-fund --silent || echo "npm install failed: the OJS check will skip"; \
	else echo "npm not found: the Fourier page's OJS check will skip"; fi
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

quarto: install
	@$(BIN)/python -m sitetools.quarto --ensure $(QUARTO_VERSION) --venv $(VENV)

site: quarto
	@$(BIN)/python -m sitetools.site_profile
	PATH="$(CURDIR)/$(BIN):$$PATH" QUARTO_PYTHON="$(CURDIR)/$(BIN)/python" QUARTO_PROFILE=repo quarto render

# quarto preview re-renders a page when its .qmd is saved; the watcher re-saves the pages whose
# package code, data or options change, so the preview never shows outputs of old code.
preview: quarto
	@$(BIN)/python -m sitetools.site_profile
	@$(BIN)/python -m sitetools.watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	PATH="$(CURDIR)/$(BIN):$$PATH" QUARTO_PYTHON="$(CURDIR)/$(BIN)/python" QUARTO_PROFILE=repo quarto preview

# The CPU build of PyTorch (a test oracle) is pinned by its local version label; uv resolves
# it from the PyTorch CPU wheel (on this project's machines, in /opt/wheels).
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	printf 'torch==2.13.0+cpu\n' > $(VENV)/torch-cpu.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--find-links /opt/wheels --override $(VENV)/torch-cpu.txt -o requirements.lock
