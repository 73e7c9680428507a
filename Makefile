# pieces-distributions: spec-first client, reference server and contract suite.
# `make` (or `make help`) lists the targets. Every target that runs project code depends on
# `setup` (and on the Node or upstream installs it needs), so a fresh clone needs no manual step.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# The Python that makes .venv: any 3.11 or newer (`make setup PYTHON=python3.12`). A .venv that an
# older Python made is removed and made again with it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY_SUPPORTED := import sys; sys.exit(sys.version_info < (3, 11))
# The installer: uv, from PyPI into .venv by the venv's own pip, then every install goes through
# it. The same packages pip would resolve, in about a quarter of the time: on a fresh clone the
# install was the longest step before any check could start. It compiles every module up front
# as pip did (--compile-bytecode, on both cores): where PYTHONDONTWRITEBYTECODE is set, as on
# CI, a module never compiled at install is compiled again by every process that imports it.
# The venv keeps its pip (tests build and dry-run the wheel with it).
UV_PIN := uv>=0.13.9,<0.14
UV := $(PY) -m uv
# Our own modules, compiled before the tests: where PYTHONDONTWRITEBYTECODE is set (CI), every
# process that imports them (each contract run and its schemathesis children, each server, each
# test worker) would compile them again, about 0.2 s apiece. __pycache__/ is git-ignored.
COMPILE_OURS = $(PY) -m compileall -q -j0 pieces_contract pieces_spec pieces_testing reference_server \
	scripts bench generated/pieces_distributions tests examples
# The package version is openapi.yaml's info.version, written into the installed metadata by
# pip: a mark named after it makes `setup` reinstall when the version changes (a bump), so the
# installed package and the server's /.well-known/version never say the old one.
SPEC_VERSION := $(shell sed -n '/^info:/,/^[^ ]/s/^  version: *["'"'"']\{0,1\}\([^"'"'"' ]*\).*/\1/p' openapi.yaml 2>/dev/null)
VERSION_MARK := $(VENV)/.spec-version-$(SPEC_VERSION)

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

.PHONY: help setup upstream-venv upstream-old-venv upstream-models browser generate check-generated lint fix typecheck typecheck-generated pytest test test-session serve contract interop bench clean
.PHONY: test-spec test-diff test-models test-client test-server diff diff-release
.PHONY: docs docs-serve wheel

help: ## List the targets (the default)
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml $(VERSION_MARK)
	@if test -x $(PY) && ! $(PY) -c '$(PY_SUPPORTED)' 2>/dev/null; then \
		echo "setup: $(VENV) was made by $$($(PY) -V 2>&1), older than 3.11: removing it to make it again"; \
		rm -rf $(VENV); \
	fi
	@test -x $(PY) || $(PYTHON) -c '$(PY_SUPPORTED)' 2>/dev/null || { \
		echo "setup: PYTHON=$(PYTHON) is $$(command -v $(PYTHON) >/dev/null && $(PYTHON) -V 2>&1 || echo 'not found'); this project needs Python 3.11 or newer: make setup PYTHON=python3.12 (any 3.11+)" >&2; \
		exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check '$(UV_PIN)'
	@$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[dev]'
	@rm -f $(VENV)/.spec-version-* && touch $(VERSION_MARK) $@

$(VERSION_MARK):
	@mkdir -p $(VENV) && touch $@

setup: $(STAMP) ## Create .venv (PYTHON=python3.12 picks the interpreter, 3.11+) and install the project with its dev extra

# The official pieces_os_client SDK lives in its own venv: interop and bench compare against it.
UPSTREAM_VENV := .venv-upstream
UPSTREAM_STAMP := $(UPSTREAM_VENV)/.installed
$(UPSTREAM_STAMP): interop/requirements-upstream.txt $(STAMP)
	@test -x $(UPSTREAM_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(UPSTREAM_VENV)
	@$(UV) pip install --quiet --compile-bytecode --python $(UPSTREAM_VENV)/bin/python -r $<
	@touch $@

upstream-venv: $(UPSTREAM_STAMP) ## Create .venv-upstream with the official pieces_os_client SDK

# An older pieces_os_client, apart from the pinned one: tests/spec/test_upstream_release.py walks a
# release through from it (docs/upstream-release.md), and only derives; the install is cached here.
UPSTREAM_OLD_VENV := .venv-upstream-old
UPSTREAM_OLD_STAMP := $(UPSTREAM_OLD_VENV)/.installed
$(UPSTREAM_OLD_STAMP): interop/requirements-upstream-old.txt $(STAMP)
	@test -x $(UPSTREAM_OLD_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(UPSTREAM_OLD_VENV)
	@$(UV) pip install --quiet --compile-bytecode --python $(UPSTREAM_OLD_VENV)/bin/python -r $<
	@touch $@

upstream-old-venv: $(UPSTREAM_OLD_STAMP) ## Create .venv-upstream-old with an older pieces_os_client (the release walk-through)

# The upstream fixtures, derived from the pinned SDK: tests/spec fails when the committed ones differ.
upstream-models: upstream-venv ## Rewrite tests/fixtures/upstream-{models,operations}.json from the pinned pieces_os_client
	@$(UPSTREAM_VENV)/bin/python scripts/upstream_models.py --out tests/fixtures

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
	@$(BIN)/lint-imports --no-cache

fix: setup ## Apply ruff's fixes and formatting to our own code (never generated/)
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

typecheck: setup ## mypy --strict on our code (typecheck-generated: on generated/)
	@$(BIN)/mypy

typecheck-generated: setup ## mypy --strict on generated/ alone, as the generator's users check it
	@cd generated && ../$(BIN)/mypy --strict --no-incremental -p pieces_distributions

pytest: setup browser upstream-venv upstream-old-venv ## Run the pytest suite only (tests/interop runs in `make interop`)
	@$(COMPILE_OURS)
	@$(BIN)/pytest --ignore=tests/interop -n auto --dist loadfile

# The installs, the static checks and the tests are independent of each other: they run side by
# side (each target's output kept together). The pytest session, one for every layer with
# interop included, starts as soon as the installs it needs are done, beside mypy; npm, pip and
# uv wait on the network much of the time, so four jobs keep both cores busy where two let one
# idle behind a download.
TEST_CHECKS := check-templates check-generated lint typecheck typecheck-generated docs
test: ## Everything CI runs: drift check, lint, types, the docs build, every test (interop too), diff against the last v* tag
	@$(MAKE) -j4 --output-sync=target $(TEST_CHECKS) test-session
	@$(MAKE) diff-release

test-session: setup browser upstream-venv upstream-old-venv $(NODE_STAMP)
	@$(COMPILE_OURS)
	@$(BIN)/pytest -n auto --dist loadfile

# Fast, one layer each: what to run while changing that layer (`make test` runs them all).
test-spec: setup upstream-venv upstream-old-venv ## Fast: tests/spec (valid, examples, upstream fidelity against the SDK-derived fixtures, markers, drift)
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

# The documentation site from docs/ (mkdocs.yml); --strict turns every warning (a page missing
# from the nav, a broken link or anchor, a missing include) into a failure.
docs: setup ## Build the documentation site into site/ (mkdocs --strict); `make test` runs it too
	@$(BIN)/mkdocs build --strict --quiet

# Material 9.7+ prints a banner about its successor on every run; the build needs none of it.
docs docs-serve: export NO_MKDOCS_2_WARNING := 1

DOCS_PORT ?= 8000
docs-serve: setup ## Serve the documentation site on 127.0.0.1 (DOCS_PORT=8000), rebuilt on every change
	@$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

# The install path until the package is on an index: the wheel, installable with any extra
# (`pip install --find-links dist 'pieces-distributions[contract]'`, docs/install.md).
# tests/contract/test_package.py builds the same wheel with the same command and installs it.
wheel: setup ## Build the wheel into dist/ (the package with the spec bundled), and print its path
	@rm -f dist/pieces_distributions-*.whl
	@$(PY) -m pip wheel --no-deps --no-build-isolation --quiet --disable-pip-version-check -w dist .
	@ls dist/pieces_distributions-*.whl

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

clean: ## Remove the venvs, node_modules, caches, reports, the built site and wheels
	rm -rf $(VENV) $(UPSTREAM_VENV) $(UPSTREAM_OLD_VENV) interop/node_modules bench/node_modules reports .pytest_cache .mypy_cache .ruff_cache .hypothesis .schemathesis site dist
	find . -name __pycache__ -prune -exec rm -rf {} +
