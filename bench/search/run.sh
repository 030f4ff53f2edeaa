#!/usr/bin/env bash
# Staff customer search benchmark: a throw-away PostgreSQL (fresh initdb, loopback, own port), the portal
# in-process applying its migrations, 100,000 seeded tenants, then p50/p95 of TenantSearch per kind of
# query. Prints the table and writes bench/search/results/<UTC stamp>.md; stops and deletes the database.
#   bench/search/run.sh
# Knobs: SEARCHBENCH_TENANTS (100000), SEARCHBENCH_RUNS (50), SEARCHBENCH_PORT (56532), SEARCHBENCH_SKIP_BUILD=1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
port="${SEARCHBENCH_PORT:-56532}"
work="$(mktemp -d /tmp/ucportal-searchbench-XXXXXX)"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
cleanup() { as_pg "$bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

if [ "${SEARCHBENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building bench/search/UcPortal.SearchBench (Release)…"
  dotnet build -c Release -v q -nologo "$repo/bench/search/UcPortal.SearchBench" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
fi
# The server's default collation (not "C"), as in production: prefix searches need the pattern-ops indexes.
as_pg "$bin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log"
as_pg "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE searchbench" >/dev/null

mkdir -p "$repo/bench/search/results"
summary="$repo/bench/search/results/$stamp.md"
dotnet "$repo/bench/search/UcPortal.SearchBench/bin/Release/net10.0/UcPortal.SearchBench.dll" \
  --conn "Host=127.0.0.1;Port=$port;Username=postgres;Database=searchbench" \
  --tenants "${SEARCHBENCH_TENANTS:-100000}" --runs "${SEARCHBENCH_RUNS:-50}" --summary "$summary"
{ echo; echo "$(nproc) cores, $("$bin/postgres" --version), $(date -u +%FT%TZ)"; } >>"$summary"
echo "report: $summary"
