#!/usr/bin/env bash
# SIP-core sync benchmark: starts a throw-away PostgreSQL + Kamailio on loopback (scripts/sip-stack.sh,
# own directory and ports), measures KamailioStateWriter throughput and the portal's
# saved-change → applied latency, prints the table, writes bench/sync/results/<stamp>.md, stops the stack.
#   bench/sync/run.sh
# Knobs: SYNCBENCH_TENANTS (100), SYNCBENCH_EXTENSIONS (10), SYNCBENCH_PARALLEL (1,4),
# SYNCBENCH_CHANGES (50), SYNCBENCH_WORK (/tmp/ucportal-syncbench), SYNCBENCH_PORT_BASE (56000:
# PostgreSQL +432, SIP +60, RPC +71, carrier +90), SYNCBENCH_SKIP_BUILD=1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="${SYNCBENCH_WORK:-/tmp/ucportal-syncbench}"
run_dir="$work/run-$stamp"
base="${SYNCBENCH_PORT_BASE:-56000}"
export SIP_STACK_DIR="$run_dir/stack"
export SIP_STACK_PG_PORT=$((base + 432)) SIP_STACK_SIP_PORT=$((base + 60)) SIP_STACK_RPC_PORT=$((base + 71)) SIP_STACK_CARRIER_PORT=$((base + 90))
conn="Host=127.0.0.1;Port=$SIP_STACK_PG_PORT;Username=kamailio;Database=kamailio"
rpc="http://127.0.0.1:$SIP_STACK_RPC_PORT/RPC"
results="$repo/bench/sync/results"
report="$results/$stamp.md"
mkdir -p "$run_dir" "$results"

for port in "$SIP_STACK_PG_PORT" "$SIP_STACK_RPC_PORT"; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is in use: set SYNCBENCH_PORT_BASE" >&2; exit 1; fi
done

load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  "$repo/scripts/sip-stack.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

if [ "${SYNCBENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building bench/sync/UcPortal.SyncBench (Release)…"
  dotnet build -c Release -v q -nologo "$repo/bench/sync/UcPortal.SyncBench" >"$run_dir/build.log" 2>&1 || { tail -30 "$run_dir/build.log"; exit 1; }
fi
dll="$repo/bench/sync/UcPortal.SyncBench/bin/Release/net10.0/UcPortal.SyncBench.dll"

"$repo/scripts/sip-stack.sh" start >"$run_dir/stack-start.log" 2>&1 || { cat "$run_dir/stack-start.log"; exit 1; }
kam_pid="$(cat "$SIP_STACK_DIR/kamailio.pid")"
pg_pid="$(head -n 1 "$SIP_STACK_DIR/pg/postmaster.pid")"
echo "SIP core up: PostgreSQL $SIP_STACK_PG_PORT (pid $pg_pid), Kamailio RPC $rpc (pid $kam_pid)"

# Load average every 2 s while the benchmark runs.
( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 2; done ) >"$run_dir/loadavg.log" &
load_pid=$!

summary="$run_dir/summary.md"
: >"$summary"
start_s=$(date +%s)
set +e
dotnet "$dll" writer --conn "$conn" --rpc "$rpc" --tenants "${SYNCBENCH_TENANTS:-100}" --extensions "${SYNCBENCH_EXTENSIONS:-10}" \
  --parallel "${SYNCBENCH_PARALLEL:-1,4}" --stack-pids "$pg_pid,$kam_pid" --summary "$summary" --csv "$run_dir/writer.csv" 2>&1 | tee "$run_dir/writer.log"
writer_rc=${PIPESTATUS[0]}
dotnet "$dll" portal --conn "$conn" --rpc "$rpc" --changes "${SYNCBENCH_CHANGES:-50}" --poll-ms 10 \
  --data "$run_dir/portal-data" --summary "$summary" --csv "$run_dir/portal.csv" 2>&1 | tee "$run_dir/portal.log"
portal_rc=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - start_s ))
kill "$load_pid" 2>/dev/null || true; load_pid=""

kam_log="$SIP_STACK_DIR/kamailio.log"
errors="$(grep -cE ' (ERROR|CRITICAL|ALERT|BUG):' "$kam_log" || true)"
warnings="$(grep -cE ' WARNING:' "$kam_log" || true)"
pg_errors="$(grep -cE 'ERROR:|FATAL:' "$SIP_STACK_DIR/postgres.log" || true)"
loads="$(awk '{print $2}' "$run_dir/loadavg.log" | sort -n)"

{
  echo "## SIP-core sync benchmark, $stamp"
  echo
  echo "Machine: nproc $(nproc), $(uname -r), $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /'), $(kamailio -v 2>/dev/null | head -1 | cut -d' ' -f1-3), $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version)."
  echo "Load average (1 min) during the run: min $(echo "$loads" | head -1), max $(echo "$loads" | tail -1) (samples every 2 s: $run_dir/loadavg.log); run took ${elapsed} s."
  echo
  cat "$summary"
  echo "Logs: Kamailio $errors ERROR-level and $warnings WARNING lines; PostgreSQL $pg_errors ERROR/FATAL lines. Exit codes: writer $writer_rc, portal $portal_rc."
  if [ "$errors" != 0 ]; then
    echo
    echo "Kamailio ERROR lines (distinct, first 10):"
    echo
    grep -E ' (ERROR|CRITICAL|ALERT|BUG):' "$kam_log" | sed -E 's/^[^:]*: *[0-9]*\([0-9]+\) //' | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /'
  fi
} >"$report"
cp "$kam_log" "$run_dir/kamailio.log" 2>/dev/null || true
echo
cat "$report"
echo
echo "report: $report; raw data and logs: $run_dir"
[ "$writer_rc" = 0 ] && [ "$portal_rc" = 0 ]
