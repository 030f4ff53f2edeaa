#!/usr/bin/env bash
# Number inventory browser benchmark: a throw-away PostgreSQL (fresh initdb, loopback, own port), the
# portal in-process applying its migrations, 1,000,000 seeded numbers, then p50/p95 of
# NumberInventoryBrowser.PageAsync per kind of filter and page. Prints the table and writes
# bench/numbers/results/<UTC stamp>.md; stops and deletes the database.
#   bench/numbers/run.sh
# Knobs: NUMBERSBENCH_NUMBERS (1000000), NUMBERSBENCH_RUNS (50), NUMBERSBENCH_PORT (56533), NUMBERSBENCH_SKIP_BUILD=1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
port="${NUMBERSBENCH_PORT:-56533}"
work="$(mktemp -d /tmp/ucportal-numbersbench-XXXXXX)"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
cleanup() { as_pg "$bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

if [ "${NUMBERSBENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building bench/numbers/UcPortal.NumbersBench (Release)…"
  dotnet build -c Release -v q -nologo "$repo/bench/numbers/UcPortal.NumbersBench" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
fi
# The server's default collation (not "C"), as in production.
as_pg "$bin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log"
as_pg "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE numbersbench" >/dev/null

mkdir -p "$repo/bench/numbers/results"
summary="$repo/bench/numbers/results/$stamp.md"
dotnet "$repo/bench/numbers/UcPortal.NumbersBench/bin/Release/net10.0/UcPortal.NumbersBench.dll" \
  --conn "Host=127.0.0.1;Port=$port;Username=postgres;Database=numbersbench" \
  --numbers "${NUMBERSBENCH_NUMBERS:-1000000}" --runs "${NUMBERSBENCH_RUNS:-50}" --summary "$summary"
{ echo; echo "$(nproc) cores, $("$bin/postgres" --version), $(date -u +%FT%TZ)"; } >>"$summary"
echo "report: $summary"
