#!/usr/bin/env bash
# Import benchmark: a synthetic dataset of N referrals (default 100000)
# imported into a fresh SQLite file and a fresh PostgreSQL database.
# Prints the wall time of each; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
bin=./target/debug/server
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RUST_LOG=warn
$bin generate --referrals "$n" -o "$tmp/doc.json"
echo "document: $n referrals, $(du -h "$tmp/doc.json" | cut -f1)"
t() { local s=$(date +%s%N); "$@" >/dev/null 2>&1; local ms=$(( ($(date +%s%N) - s) / 1000000 )); echo "$((ms / 1000)).$(printf %03d $((ms % 1000)))"; }
echo "sqlite import: $(t $bin --database-url "sqlite://$tmp/bench.db?mode=rwc" import "$tmp/doc.json") s"
pg=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
db="voces_bench_$$"
if psql "$pg/postgres" -qc "CREATE DATABASE $db" 2>/dev/null; then
  echo "postgres import: $(t $bin --database-url "$pg/$db" import "$tmp/doc.json") s"
  psql "$pg/postgres" -qc "DROP DATABASE $db WITH (FORCE)"
else
  echo "postgres: not reachable at $pg, skipped"
fi
