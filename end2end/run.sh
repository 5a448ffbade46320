#!/usr/bin/env bash
# Starts a real SMTP server (tests/smtp/sink.py) and the built server on a
# fresh SQLite database with the demo data and a first administrator's
# invitation, runs the browser suite against them, and stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=${E2E_PORT:-3117}
smtp_port=${E2E_SMTP_PORT:-3125}
export DATABASE_URL="sqlite://$tmp/e2e.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=voces LEPTOS_SITE_PKG_DIR=pkg
export RUST_LOG=${RUST_LOG:-warn}
export SMTP_HOST=127.0.0.1 SMTP_PORT=$smtp_port SMTP_TLS=none MAIL_FROM="Voces <no-reply@voces.test>" MAIL_RETRY_SECONDS=1
export MAILDIR="$tmp/mail"
# The tests read the figures of their own writes at once: never served
# from before a write (`metrics::cache`).
export FIGURES_LAG_AFTER_MS=off

# The SMTP server lives as long as its standard input stays open.
mkfifo "$tmp/smtp-in"
python3 server/tests/smtp/sink.py --port "$smtp_port" --dir "$MAILDIR" <"$tmp/smtp-in" >"$tmp/smtp.log" 2>&1 &
smtp=$!
exec 3>"$tmp/smtp-in"
pid=
empty_pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  [ -n "$empty_pid" ] && { kill "$empty_pid" 2>/dev/null || true; wait "$empty_pid" 2>/dev/null || true; }
  exec 3>&-
  wait "$smtp" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q ready "$tmp/smtp.log" 2>/dev/null && break; sleep 0.1; done

./target/debug/server demo
# Hostile text in every free-text field, for tests/xss.test.mjs.
./target/debug/server import end2end/data/xss.json >/dev/null
ADMIN_INVITE_URL=$(./target/debug/server create-admin --email admin@voces.test)
export ADMIN_INVITE_URL
# A second administrator, for the roster tests (each test file stands alone).
ROSTER_ADMIN_URL=$(./target/debug/server create-admin --email padron@voces.test 2>/dev/null)
export ROSTER_ADMIN_URL
MEETINGS_ADMIN_URL=$(./target/debug/server create-admin --email sesiones@voces.test 2>/dev/null)
export MEETINGS_ADMIN_URL
DEMANDS_ADMIN_URL=$(./target/debug/server create-admin --email demandas@voces.test 2>/dev/null)
export DEMANDS_ADMIN_URL
XSS_ADMIN_URL=$(./target/debug/server create-admin --email xss@voces.test 2>/dev/null)
export XSS_ADMIN_URL
PRIVACY_ADMIN_URL=$(./target/debug/server create-admin --email privacidad@voces.test 2>/dev/null)
export PRIVACY_ADMIN_URL
ROLES_ADMIN_URL=$(./target/debug/server create-admin --email roles@voces.test 2>/dev/null)
ROLES_ADMIN_B_URL=$(./target/debug/server create-admin --email roles-b@voces.test 2>/dev/null)
export ROLES_ADMIN_URL ROLES_ADMIN_B_URL
ADMINISTRATION_ADMIN_URL=$(./target/debug/server create-admin --email administracion@voces.test 2>/dev/null)
export ADMINISTRATION_ADMIN_URL
STORY_ADMIN_URL=$(./target/debug/server create-admin --email historia@voces.test 2>/dev/null)
export STORY_ADMIN_URL
./target/debug/server serve >"$tmp/server.log" 2>&1 &
pid=$!
# An empty installation beside it (its own database, its own first
# administrator), where tests/council-story.test.mjs uploads a council's
# downloaded data.
empty_port=${E2E_EMPTY_PORT:-3119}
EMPTY_BASE_URL="http://127.0.0.1:$empty_port"
EMPTY_ADMIN_URL=$(DATABASE_URL="sqlite://$tmp/empty.db?mode=rwc" LEPTOS_SITE_ADDR="127.0.0.1:$empty_port" \
  ./target/debug/server create-admin --email vacio@voces.test 2>/dev/null)
export EMPTY_BASE_URL EMPTY_ADMIN_URL
DATABASE_URL="sqlite://$tmp/empty.db?mode=rwc" LEPTOS_SITE_ADDR="127.0.0.1:$empty_port" \
  ./target/debug/server serve >"$tmp/empty.log" 2>&1 &
empty_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && curl -fsS "$EMPTY_BASE_URL/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$tmp/server.log"; exit 1; }
  kill -0 $empty_pid 2>/dev/null || { cat "$tmp/empty.log"; exit 1; }
  sleep 0.2
done
# The API under schemathesis: generated requests (valid and not) to every
# operation of the OpenAPI document; no 5xx, every answer as documented.
if [ -z "${E2E_ONLY:-}" ]; then
echo "schemathesis: the API against its OpenAPI document"
# Run from the temporary directory: schemathesis keeps a cache where it runs.
(cd "$tmp" && schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --seed 1 \
  --generation-database none --workers 2 --no-color --report junit --report-dir "$tmp/schemathesis" \
  >"$tmp/schemathesis.log" 2>&1) || { tail -80 "$tmp/schemathesis.log"; echo "--- server log"; tail -30 "$tmp/server.log"; exit 1; }
tail -4 "$tmp/schemathesis.log"
fi
cd end2end
# E2E_ONLY="tests/a.test.mjs tests/b.test.mjs" runs just those (and skips
# schemathesis): for working on one part; `make test` runs everything.
if [ -n "${E2E_ONLY:-}" ]; then
  # shellcheck disable=SC2086
  BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 $E2E_ONLY || { echo "--- server log"; tail -50 "$tmp/server.log"; exit 1; }
else
  BASE_URL="http://127.0.0.1:$port" npm test || { echo "--- server log"; tail -50 "$tmp/server.log"; exit 1; }
fi
# Pages whose policy reached the response without their nonce, set again
# from the shell's by the header middleware (server/src/http/security.rs):
# once in a while a page came so, cause not found; this says how often.
echo "pages whose policy lacked their nonce (mended): $(grep -c 'policy without its nonce' "$tmp/server.log" || true)"
