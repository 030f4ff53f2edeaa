#!/usr/bin/env bash
# Renewal-sweep benchmark (bench/README.md, "Renewal sweep"): for each size, a fresh SQLite portal
# database seeded with N tenants in mixed lifecycle states, then DailyLifecycleSweep (every
# lifecycle job once, in order) run twice in a process of its own; wall time, tenants/s, peak
# working set. Prints the table and writes bench/lifecycle/results/<stamp>.md.
#   bench/lifecycle/run.sh
# Knobs: LCBENCH_SIZES ("10000 50000 100000"): sweeps with Hangfire's client replaced by a counter
# (the sweep itself); LCBENCH_REAL_SIZES ("10000"): sweeps that enqueue into the real Hangfire
# SQLite storage; LCBENCH_BATCH (500); LCBENCH_WORK (/tmp/ucportal-lcbench); LCBENCH_SKIP_BUILD=1;
# LCBENCH_DB (sqlite, or postgres: a throw-away PostgreSQL on a free loopback port, stopped at the end);
# LCBENCH_DLL (a driver built elsewhere).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="${LCBENCH_WORK:-/tmp/ucportal-lcbench}"
run_dir="$work/run-$stamp"
results="$repo/bench/lifecycle/results"
report="$results/$stamp.md"
rows="$run_dir/sweep.rows"
now="2026-12-01T06:00:00Z"
batch="${LCBENCH_BATCH:-500}"
mkdir -p "$run_dir" "$results"

if [ "${LCBENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building bench/lifecycle/UcPortal.LifecycleBench (Release)…"
  dotnet build -c Release -v q -nologo "$repo/bench/lifecycle/UcPortal.LifecycleBench" >"$run_dir/build.log" 2>&1 || { tail -30 "$run_dir/build.log"; exit 1; }
fi
# LCBENCH_DLL: a driver built elsewhere (e.g. a copy of an earlier build, to measure before and after a change).
dll="${LCBENCH_DLL:-$repo/bench/lifecycle/UcPortal.LifecycleBench/bin/Release/net10.0/UcPortal.LifecycleBench.dll}"

( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 5; done ) >"$run_dir/loadavg.log" &
load_pid=$!
trap 'kill $load_pid 2>/dev/null || true' EXIT

db="${LCBENCH_DB:-sqlite}"
pg_args=()
if [ "$db" = postgres ]; then
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL not found under /usr/lib/postgresql (apt-get install postgresql)"; exit 1; }
  pg_dir="$run_dir/pg"; mkdir -p "$pg_dir"; chown postgres:postgres "$pg_dir" 2>/dev/null || true
  pg_port=$(( 30000 + RANDOM % 20000 ))
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C >"$run_dir/initdb.log" 2>&1
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  trap 'kill $load_pid 2>/dev/null || true; as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT
  # The sweep reports the server's CPU seconds (postmaster and its backends) next to its own.
  export LCBENCH_PG_PID="$(head -1 "$pg_dir/data/postmaster.pid")"
fi

one() { # size, jobs mode
  local n="$1" mode="$2" data="$run_dir/data-$1-$2"
  mkdir -p "$data"
  pg_args=()
  if [ "$db" = postgres ]; then
    as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE lc_${n}_${mode}" postgres
    pg_args=(--postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=lc_${n}_${mode};Maximum Pool Size=30")
  fi
  dotnet "$dll" seed --data "$data" --tenants "$n" --now "$now" "${pg_args[@]}" >"$run_dir/seed-$n-$mode.log" 2>&1 \
    || { echo "seed of $n tenants failed:"; tail -40 "$run_dir/seed-$n-$mode.log"; exit 1; }
  grep -E '^seeded' "$run_dir/seed-$n-$mode.log" | tee -a "$run_dir/seed.log"
  dotnet "$dll" sweep --data "$data" --now "$now" --batch "$batch" --jobs "$mode" --label "$n ($mode, $db)" --summary "$rows" "${pg_args[@]}" >"$run_dir/sweep-$n-$mode.log" 2>&1 \
    || { tail -40 "$run_dir/sweep-$n-$mode.log"; exit 1; }
  grep -E '^\|' "$run_dir/sweep-$n-$mode.log"
  rm -rf "$data"
  if [ "$db" = postgres ]; then as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "DROP DATABASE lc_${n}_${mode}" postgres; fi
}

for n in ${LCBENCH_SIZES:-10000 50000 100000}; do one "$n" count; done
for n in ${LCBENCH_REAL_SIZES:-10000}; do one "$n" real; done
kill $load_pid 2>/dev/null || true
loads="$(awk '{print $2}' "$run_dir/loadavg.log" | sort -n)"

{
  echo "## Renewal sweep, $stamp"
  echo
  echo "Machine: nproc $(nproc), $(uname -r), .NET SDK $(dotnet --version). Load average (1 min) during the run: min $(echo "$loads" | head -1), max $(echo "$loads" | tail -1). $db, batch size $batch, Server GC."
  echo
  echo "| tenants (Hangfire) | pass | tenants | wall s | sweep process CPU s | PostgreSQL CPU s | tenants/s | peak working set MB | allocated MB | SQL commands | history lines | emails | jobs enqueued | provider calls | per job: wall s / process CPU s / SQL commands |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  cat "$rows"
  echo
  echo "States before and after, working set before the sweep, one Hangfire enqueue:"
  echo
  sed 's/^/    /' "$run_dir/sweep.states"
} >"$report"
echo
cat "$report"
echo "report: $report; logs: $run_dir"
