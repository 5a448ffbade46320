#!/usr/bin/env bash
# Starts the built server on a fresh SQLite database with the demo data,
# runs the browser suite against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=${E2E_PORT:-3117}
export DATABASE_URL="sqlite://$tmp/e2e.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=voces LEPTOS_SITE_PKG_DIR=pkg
export RUST_LOG=${RUST_LOG:-warn}
./target/debug/server demo
./target/debug/server serve >"$tmp/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$tmp/server.log"; exit 1; }
  sleep 0.2
done
cd end2end
BASE_URL="http://127.0.0.1:$port" npm test || { echo "--- server log"; tail -50 "$tmp/server.log"; exit 1; }
