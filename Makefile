# pieces-distributions: spec-first client, reference server and contract suite.
# `make` (or `make help`) lists the targets. Every target that runs project code depends on
# `setup` (and on the Node or upstream installs it needs), so a fresh clone needs no manual step.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Installed Node tools, one stamp per folder (the pattern rule below installs them). Defined
# here, before any rule names them: make expands a rule's prerequisites as it reads the rule.
NODE_STAMP := interop/node_modules/.installed
BENCH_NODE_STAMP := bench/node_modules/.installed

# The one command that writes generated/: `make generate` and `make check-generated` share it.
# scripts/generate.py is openapi-python-client's command line, handing the templates the spec's
# API key scheme. PIECES_EXTRA_MODULES: the folder of hand-written modules a post hook copies
# into the package.
GENERATE = env PATH="$(abspath $(BIN)):$$PATH" PIECES_EXTRA_MODULES="$(abspath templates/extra)" \
	$(abspath $(PY)) $(abspath scripts/generate.py) generate --path openapi.yaml --config generator-config.yml \
	--meta none --overwrite --fail-on-warning $(if $(wildcard templates),--custom-template-path templates)

# Variables for serve and contract (override on the command line). HOST, PORT and DB are empty
# unless given: the server's own defaults apply then (reference_server/settings.py; without a
# port it takes the first free one of Pieces OS 11's range).
HOST ?=
PORT ?=
DB ?=
API_KEY ?=
BASE_URL ?=
PROFILE ?= ci
MAX_FAILURES ?=
SECURITY ?=
LEVEL ?=

.PHONY: help setup upstream-venv browser generate check-generated lint fix typecheck pytest test serve contract interop bench clean
.PHONY: test-spec test-diff test-models test-client test-server diff diff-release diff-candidates

help: ## List the targets (the default)
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

setup: $(STAMP) ## Create .venv and install the project with its dev extra (fast when nothing changed)

# The official pieces_os_client SDK lives in its own venv: interop and bench compare against it.
UPSTREAM_VENV := .venv-upstream
UPSTREAM_STAMP := $(UPSTREAM_VENV)/.installed
$(UPSTREAM_STAMP): interop/requirements-upstream.txt
	@test -x $(UPSTREAM_VENV)/bin/python || $(PYTHON) -m venv $(UPSTREAM_VENV)
	@$(UPSTREAM_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	@touch $@

upstream-venv: $(UPSTREAM_STAMP) ## Create .venv-upstream with the official pieces_os_client SDK

# Headless Chromium from Debian renders the contract page in tests/contract (no browser build
# that downloads itself). Installed when missing; that needs root, as CI and the dev machines are.
browser: ## Install Debian's chromium when it is missing (tests/contract renders reports/contract.html)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

generate: setup ## Check openapi.yaml (stops with a short reason when invalid), then regenerate generated/
	@$(PY) scripts/spec_check.py openapi.yaml
	@# Into an empty folder first (the generator would keep a file the spec no longer makes), and
	@# swapped in only once it succeeded, so a failed run leaves the committed client in place.
	@rm -rf generated/.next && mkdir generated/.next
	@$(GENERATE) --output-path generated/.next/pieces_distributions || { rm -rf generated/.next; exit 1; }
	@rm -rf generated/pieces_distributions && mv generated/.next/pieces_distributions generated/ && rmdir generated/.next

check-generated: setup ## Fail with a diff summary when generated/ is not what openapi.yaml produces
	@$(PY) scripts/check_generated.py -- $(GENERATE)

# Templates as a diff against upstream: templates/stock/ records the stock text of each template
# we override (templates/README.md says how to upgrade the generator with it).
.PHONY: check-templates templates-diff
check-templates: setup ## Fail, with the diff, when templates/stock/ differs from the pinned generator's templates
	@$(PY) scripts/templates.py check

templates-diff: setup ## Print our template overrides as a diff against the generator's stock templates
	@$(PY) scripts/templates.py diff

lint: setup ## Check style and lint (ruff); changes nothing
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

fix: setup ## Apply ruff's fixes and formatting to our own code (never generated/)
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

typecheck: setup ## mypy --strict on our code and, separately, on generated/
	@$(BIN)/mypy
	@cd generated && ../$(BIN)/mypy --strict --no-incremental -p pieces_distributions

pytest: setup browser ## Run the pytest suite only (tests/interop runs in `make interop`)
	@$(BIN)/pytest --ignore=tests/interop -n auto --dist loadfile

# The installs and the static checks are independent of each other: two at a time (each
# target's output kept together), which on a fresh clone overlaps pip with npm and mypy with
# the drift checks. Then one pytest session for every layer, interop included: both cores stay
# busy until the last file instead of each session idling through its own start and its
# slowest file.
TEST_FIRST := check-templates check-generated lint typecheck browser upstream-venv $(NODE_STAMP)
test: ## Everything CI runs: drift check, lint, types, every test (interop too), diff against the last v* tag
	@$(MAKE) -j2 --output-sync=target $(TEST_FIRST)
	@$(BIN)/pytest -n auto --dist loadfile
	@$(MAKE) diff-release

# Fast, one layer each: what to run while changing that layer (`make test` runs them all).
test-spec: setup ## Fast: tests/spec (valid, examples, upstream fidelity and x-addition markers, drift)
	@$(BIN)/pytest -q tests/spec
test-diff: setup ## Fast: tests/diff (the spec-change corpus against make diff's rules)
	@$(BIN)/pytest -q tests/diff
test-models: setup ## tests/models (property tests of the generated models)
	@$(BIN)/pytest -q tests/models
test-client: setup ## tests/client (the generated client against an in-process transport)
	@$(BIN)/pytest -q tests/client
test-server: setup ## tests/server (the reference server, in process; a real process only where it must)
	@$(BIN)/pytest -q tests/server

# make diff: BASE is a git ref or a file; empty means the most recent v* tag, else HEAD.
BASE ?=
diff: setup ## What openapi.yaml breaks against BASE=<ref|file> (default: last v* tag, else HEAD), on the wire and for Python callers; reports/spec-changes.md
	@$(PY) -m scripts.spec_diff $(if $(BASE),--base '$(BASE)') -- $(GENERATE)

# CI: the same check against the previous release, when there is one: the last v* tag before
# HEAD, so a release commit is compared with the release before it, not with itself.
diff-release: setup ## make diff against the previous v* tag; skipped with a message when there is none
	@if tag=$$(git describe --tags --abbrev=0 --match 'v*' HEAD^ 2>/dev/null); then \
		$(PY) -m scripts.spec_diff --base "$$tag" -- $(GENERATE); \
	else \
		echo "diff-release: no v* tag yet, nothing to compare with (skipped)"; \
	fi

# The diff tools measured against tests/diff's corpus (not needed by diff or test): npm ones in
# tests/diff/candidates, PyPI ones in their own venv, both pinned by their lock files.
DIFF_CANDIDATES_NODE := tests/diff/candidates/node_modules/.installed
DIFF_CANDIDATES_VENV := .venv-diff-candidates
$(DIFF_CANDIDATES_VENV)/.installed: tests/diff/candidates/requirements.lock
	@test -x $(DIFF_CANDIDATES_VENV)/bin/python || $(PYTHON) -m venv $(DIFF_CANDIDATES_VENV)
	@$(DIFF_CANDIDATES_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	@touch $@

diff-candidates: setup $(DIFF_CANDIDATES_NODE) $(DIFF_CANDIDATES_VENV)/.installed ## Score every installable OpenAPI diff tool on the corpus; table in tests/diff/README.md (minutes)
	@$(PY) -m tests.diff.candidates

serve: setup ## Run the reference server in the foreground (HOST, PORT, DB, API_KEY)
	@$(PY) -m reference_server $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT)) $(if $(DB),--db $(DB))

# The key reaches the server through PIECES_API_KEY: no shell quoting, not on the server's argv.
serve: export PIECES_API_KEY := $(API_KEY)

contract: setup ## Contract suite on our server, or any with BASE_URL=... [API_KEY= PROFILE=ci|deep MAX_FAILURES= SECURITY=1 LEVEL=strict|upstream]
	@$(BIN)/pieces-contract run --profile $(PROFILE) $(if $(BASE_URL),--base-url $(BASE_URL)) \
		$(if $(MAX_FAILURES),--max-failures $(MAX_FAILURES)) $(if $(SECURITY),--security) \
		$(if $(LEVEL),--level $(LEVEL))

# The key reaches the contract runner through its environment: no shell quoting to break, and
# not on the runner's command line.
contract: export CONTRACT_API_KEY := $(API_KEY)

# Node tools, exactly as each folder's lock pins them, reinstalled only when its package.json or
# lock changes; no install scripts run (.npmrc). interop/: Spectral, Prism, the official
# TypeScript SDK. bench/: the load generator (autocannon).
%/node_modules/.installed: %/package.json %/package-lock.json
	@cd $* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

interop: setup upstream-venv $(NODE_STAMP) ## Official SDKs, Prism (mock and proxy) and Spectral against the spec and server
	@$(BIN)/pytest tests/interop


bench: setup upstream-venv $(NODE_STAMP) $(BENCH_NODE_STAMP) ## Ours vs pieces_os_client and Prism: table of medians and ratios, also in reports/bench.md
	@$(PY) -m bench

clean: ## Remove both venvs, node_modules, caches and reports
	rm -rf $(VENV) $(UPSTREAM_VENV) $(DIFF_CANDIDATES_VENV) interop/node_modules bench/node_modules tests/diff/candidates/node_modules reports .pytest_cache .mypy_cache .ruff_cache .hypothesis .schemathesis
	find . -name __pycache__ -prune -exec rm -rf {} +
