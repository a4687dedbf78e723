# The README's commands. Each target creates .venv and installs the project if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check serve lint clean fonts chromium

# Fonts the PDFs need: DejaVu for Latin, Noto for other scripts (Arabic, Urdu, Hebrew...),
# fontconfig's fc-list for the build's missing-glyph check; Tesseract OCR to read pictures
# in docs/ for officers' names (needed only when docs/ has pictures). Installed only when
# missing.
FONT_PACKAGES := fontconfig fonts-dejavu-core fonts-noto-core tesseract-ocr

# A link at .venv or at its stamp would make the install write wherever it points
# (the eighteenth security trial made `touch` create a file outside the project).
$(STAMP): pyproject.toml
	@for p in $(VENV) $(STAMP); do if [ -L "$$p" ]; then \
	  echo "error: $$p is a symbolic link; the install writes only into a real $(VENV)/ inside the project: remove it" >&2; \
	  exit 1; fi; done
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(STAMP)
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/placements build

check: $(STAMP)
	$(BIN)/placements check

serve: $(STAMP)
	$(BIN)/placements serve

lint: $(STAMP)
	$(BIN)/ruff check src tests macros hooks scripts
	$(BIN)/ruff format --check src tests macros hooks scripts

fonts:
	@missing=""; \
	if command -v dpkg-query >/dev/null; then \
	  for p in $(FONT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	  done; \
	else echo "fonts: not a Debian system; install fontconfig, DejaVu and Noto fonts yourself" >&2; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "fonts: installing$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot be used).
CHROMIUM := /usr/bin/chromium

chromium: $(CHROMIUM)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "chromium: installing Debian's chromium for the browser tests"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation

test: lint fonts chromium
	$(BIN)/python -m pytest

clean:
	rm -rf site dist .build-tmp
