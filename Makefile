# Voces — the two commands: `make run` and `make test`.
# Every install step checks first and stays quiet when already done.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/end2end/node_modules/.bin:$(PATH)
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432
# A clean clone builds everything once: incremental caches only fill the
# disk there (a CI run ran out of space with them).
ifdef CI
export CARGO_INCREMENTAL := 0
endif

.PHONY: soak help run test tools tool-wasm-target tool-cargo-leptos tool-wasm-bindgen tool-poppler tool-nginx tool-chromium tool-npm tool-python tool-popolo tool-maps \
        build release fmt clippy unit demo-data wasm e2e demo bench tool-wrk clean

help:
	@echo "make run   — install what is missing, build, load the demo, serve http://127.0.0.1:3000"
	@echo "make test  — fmt, clippy, tests on SQLite and PostgreSQL, wasm build, browser suite"

## ---- tools -------------------------------------------------------------
tools: tool-wasm-target tool-cargo-leptos tool-wasm-bindgen tool-maps

tool-wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

tool-cargo-leptos:
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || { \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 25 minutes, once)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads --quiet; }

tool-wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || { \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 7 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --quiet; }

# The tests read the server's PDFs back with poppler's pdftotext.
tool-poppler:
	@command -v pdftotext >/dev/null || { \
	  echo "installing Debian's poppler-utils (the tests read the reports' PDFs with pdftotext)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# The deployment's nginx site (deploy/nginx) is tried in front of a server.
tool-nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  echo "installing Debian's nginx-light (the tests put deploy/nginx in front of a server)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; }

tool-chromium:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The tests' SMTP server (tests/smtp/sink.py) is aiosmtpd, and their
# independent iCalendar parser (tests/ics/read.py) is icalendar, from PyPI.
tool-python:
	@python3 -c 'import aiosmtpd' 2>/dev/null || { \
	  echo "installing aiosmtpd (the tests' SMTP server)"; \
	  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6; }
	@python3 -c 'import icalendar' 2>/dev/null || { \
	  echo "installing icalendar (the tests' iCalendar parser)"; \
	  python3 -m pip install --quiet --disable-pip-version-check icalendar==7.3.2; }
	@python3 -c 'import feedparser' 2>/dev/null || { \
	  echo "installing feedparser (the tests' Atom parser)"; \
	  python3 -m pip install --quiet --disable-pip-version-check feedparser==6.0.14; }
	@python3 -c 'import prometheus_client' 2>/dev/null || { \
	  echo "installing prometheus-client (the tests read /metrics with its OpenMetrics parser)"; \
	  python3 -m pip install --quiet --disable-pip-version-check prometheus-client==0.21.1; }
	@python3 -c 'import openapi_spec_validator' 2>/dev/null || { \
	  echo "installing openapi-spec-validator (checks the API document and its answers)"; \
	  python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator==0.7.2; }
	@command -v schemathesis >/dev/null || { \
	  echo "installing schemathesis (property-based tests of the API, in the browser suite's run)"; \
	  python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5; }

# The Popolo project's own JSON schemas (draft-03), as it published them on
# the npm registry inside popit-api; the API test validates the rosters'
# Popolo documents against them. Kept out of the repository, in target/.
POPOLO_SCHEMAS := $(CURDIR)/target/popolo-schemas
export POPOLO_SCHEMAS
tool-popolo:
	@[ -f $(POPOLO_SCHEMAS)/person.json ] || { \
	  echo "bringing the Popolo JSON schemas (npm popit-api 0.0.14)"; \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack popit-api@0.0.14 --silent >/dev/null) && \
	  tar xzf $$tmp/popit-api-0.0.14.tgz -C $$tmp package/schemas/popolo && \
	  mkdir -p $(POPOLO_SCHEMAS) && cp $$tmp/package/schemas/popolo/*.json $(POPOLO_SCHEMAS)/ && rm -rf $$tmp; }

# The state outlines of Mexico (npm @svg-maps/mexico 2.0.0, CC BY 4.0),
# brought in by the build and compiled into the server (app/build.rs):
# the maps are never fetched at run time.
MAPS := $(CURDIR)/target/maps
tool-maps:
	@[ -f $(MAPS)/mexico.js ] || { \
	  echo "bringing the state outlines of Mexico (npm @svg-maps/mexico 2.0.0, CC BY 4.0)"; \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack @svg-maps/mexico@2.0.0 --silent >/dev/null) && \
	  tar xzf $$tmp/svg-maps-mexico-2.0.0.tgz -C $$tmp package/index.js && \
	  mkdir -p $(MAPS) && cp $$tmp/package/index.js $(MAPS)/mexico.js && rm -rf $$tmp; }
	@[ -f $(MAPS)/world.js ] || { \
	  echo "bringing the country outlines of the world (npm @svg-maps/world 2.0.0, CC BY 4.0)"; \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack @svg-maps/world@2.0.0 --silent >/dev/null) && \
	  tar xzf $$tmp/svg-maps-world-2.0.0.tgz -C $$tmp package/index.js && \
	  mkdir -p $(MAPS) && cp $$tmp/package/index.js $(MAPS)/world.js && rm -rf $$tmp; }

tool-npm:
	@[ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ] || { \
	  echo "installing end2end npm packages"; (cd end2end && npm ci --no-audit --no-fund --loglevel=error); }

## ---- run ---------------------------------------------------------------
# Static files of a release build are served precompressed (`.gz` beside
# each file); a debug build removes them so that a stale one is never served.
SITE := target/site
unprecompress = find $(SITE) -name '*.gz' -delete 2>/dev/null || true

build: tools
	cargo leptos build
	@$(unprecompress)

# The optimised build `make run` serves: wasm-opt (npm binaryen, through
# tool-npm) shrinks the wasm, and the static files are gzipped once here.
release: tools tool-npm
	cargo leptos build --release
	@$(unprecompress)
	@find $(SITE) -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.ico' \) \
	  -exec gzip -9 -k -f {} +
	@echo "release wasm: $$(du -k $(SITE)/pkg/voces.wasm | cut -f1) KB, $$(du -k $(SITE)/pkg/voces.wasm.gz | cut -f1) KB gzipped"

demo: release
	./target/release/server demo

run: demo
	@echo "serving http://127.0.0.1:3000 (Ctrl-C stops)"
	./target/release/server serve

## ---- test --------------------------------------------------------------
test: tools tool-chromium tool-npm tool-python tool-popolo tool-poppler tool-nginx fmt clippy unit wasm e2e
	@echo "make test: all green"

fmt:
	cargo fmt --all -- --check

clippy: tool-maps
	cargo clippy --workspace --all-targets -- -D warnings

# Every database test runs on SQLite and on a fresh PostgreSQL database
# (TEST_DATABASE_URL); with CI set, an unreachable PostgreSQL fails the run.
# Tests run in parallel (one per core); the whole-process tests take turns
# among themselves (server/tests/processes/main.rs).
unit: tool-python tool-popolo tool-maps tool-poppler tool-nginx demo-data
	cargo test --workspace

# The committed demo dataset is what its generator makes, and passes the
# generator's own checker (the server's import is checked by the Rust tests).
demo-data:
	@python3 server/demo/generate_demo.py --check
	@python3 server/demo/validate_demo.py >/dev/null

# The hydrate build (wasm, CSS, assets). The browser suite runs the server
# binary `cargo test` builds (target/debug/server, the same dev profile):
# `cargo leptos build` would compile app and server again without the test
# dependencies' features, and `cargo test` would compile them back.
wasm: tools
	cargo leptos build --frontend-only
	@$(unprecompress)

e2e: wasm tool-chromium tool-npm tool-python tool-poppler
	cargo test --workspace --no-run --quiet
	./end2end/run.sh

# National-scale benchmark (prints a table, writes target/bench/bench.{json,md},
# asserts nothing): make bench [REFERRALS=1000000 BODIES=300 DURATION=20]
REFERRALS ?= 1000000
BODIES ?= 300
DURATION ?= 20
tool-wrk:
	@command -v wrk >/dev/null || { \
	  echo "installing Debian's wrk (the HTTP load generator)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# A fixed request rate for 60 s over reads and writes: errors, latency and
# whether memory stays flat (prints its figures; fails on any error).
SOAK_RATE ?= 40
SOAK_SECONDS ?= 60
soak:
	cargo build -p server
	python3 server/bench/soak.py --rate $(SOAK_RATE) --seconds $(SOAK_SECONDS)

bench: release tool-wrk
	python3 server/bench/run.py --referrals $(REFERRALS) --bodies $(BODIES) --seconds $(DURATION)

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
