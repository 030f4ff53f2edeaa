#!/usr/bin/env bash
# Renewal-sweep benchmark (bench/README.md, "Renewal sweep"): for each size, a fresh SQLite portal
# database seeded with N tenants in mixed lifecycle states, then DailyLifecycleSweep (every
# lifecycle job once, in order) run twice in a process of its own; wall time, tenants/s, peak
# working set. Prints the table and writes bench/lifecycle/results/<stamp>.md.
#   bench/lifecycle/run.sh
# Knobs: LCBENCH_SIZES ("10000 50000 100000"): sweeps with Hangfire's client replaced by a counter
# (the sweep itself); LCBENCH_REAL_SIZES ("10000"): sweeps that enqueue into the real Hangfire
# SQLite storage; LCBENCH_BATCH (500); LCBENCH_WORK (/tmp/ucportal-lcbench); LCBENCH_SKIP_BUILD=1.
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
dll="$repo/bench/lifecycle/UcPortal.LifecycleBench/bin/Release/net10.0/UcPortal.LifecycleBench.dll"

( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 5; done ) >"$run_dir/loadavg.log" &
load_pid=$!
trap 'kill $load_pid 2>/dev/null || true' EXIT

one() { # size, jobs mode
  local n="$1" mode="$2" data="$run_dir/data-$1-$2"
  mkdir -p "$data"
  dotnet "$dll" seed --data "$data" --tenants "$n" --now "$now" 2>&1 | grep -E '^seeded' | tee -a "$run_dir/seed.log"
  dotnet "$dll" sweep --data "$data" --now "$now" --batch "$batch" --jobs "$mode" --label "$n ($mode)" --summary "$rows" >"$run_dir/sweep-$n-$mode.log" 2>&1 \
    || { tail -40 "$run_dir/sweep-$n-$mode.log"; exit 1; }
  grep -E '^\|' "$run_dir/sweep-$n-$mode.log"
  rm -rf "$data"
}

for n in ${LCBENCH_SIZES:-10000 50000 100000}; do one "$n" count; done
for n in ${LCBENCH_REAL_SIZES:-10000}; do one "$n" real; done
kill $load_pid 2>/dev/null || true
loads="$(awk '{print $2}' "$run_dir/loadavg.log" | sort -n)"

{
  echo "## Renewal sweep, $stamp"
  echo
  echo "Machine: nproc $(nproc), $(uname -r), .NET SDK $(dotnet --version). Load average (1 min) during the run: min $(echo "$loads" | head -1), max $(echo "$loads" | tail -1). SQLite, batch size $batch, Server GC."
  echo
  echo "| tenants (Hangfire) | pass | tenants | wall s | tenants/s | peak working set MB | allocated MB | history lines | emails | jobs enqueued | provider calls | per job, s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  cat "$rows"
  echo
  echo "States before and after, working set before the sweep, one Hangfire enqueue:"
  echo
  sed 's/^/    /' "$run_dir/sweep.states"
} >"$report"
echo
cat "$report"
echo "report: $report; logs: $run_dir"
