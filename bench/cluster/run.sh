#!/usr/bin/env bash
# 1 node vs 2 nodes behind HAProxy on this machine (bench/README.md, "Several nodes").
#   bench/cluster/run.sh
# For NODES in 1 and 2: starts scripts/cluster.sh (PostgreSQL, NODES portal nodes, HAProxy; no
# Kamailio: pages only), then wrk against /css/site.css, /pricing (anonymous: Razor + a query)
# and /help (Razor + queries) through HAProxy. No signed-in page: bench/UcPortal.Bench's trial journey
# predates the mobile-code step (decision 018), so it cannot sign a trial in any more.
# Reports req/s, p99 and the CPU the portal nodes and HAProxy used (from /proc), so throughput per
# core used can be compared. Writes bench/results/<stamp>-cluster.md; stops each cluster.
# Knobs: BENCH_DURATION (15), BENCH_WARMUP (5), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
# BENCH_WORK (/tmp/ucportal-bench-cluster), CLUSTER_APP (the portal build to run).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-5}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
WORK="${BENCH_WORK:-/tmp/ucportal-bench-cluster}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$REPO/bench/results/$STAMP-cluster.md"
CLK_TCK="$(getconf CLK_TCK)"
export CLUSTER_PORT_BASE="${CLUSTER_PORT_BASE:-47100}" CLUSTER_SIP_CORE=0
LB="http://127.0.0.1:$((CLUSTER_PORT_BASE + 80))"

log() { printf '[bench-cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { log "wrk is required: apt-get install -y wrk"; exit 1; }
mkdir -p "$WORK" "$REPO/bench/results"

cpu_ticks() { # sum of utime+stime of the given pids
  local total=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } }'; }

{
  echo "# 1 node vs 2 nodes behind HAProxy — $STAMP"
  echo
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up then ${DURATION} s, through HAProxy on 127.0.0.1; PostgreSQL for data and Hangfire."
  echo
  echo "| nodes | target | req/s | p99 ms | CPU used (cores: nodes + HAProxy) | req/s per core used |"
  echo "|---|---|---|---|---|---|"
} >"$OUT"

for NODES in 1 2; do
  export CLUSTER_NODES=$NODES CLUSTER_DIR="$WORK/nodes-$NODES"
  rm -rf "$CLUSTER_DIR"
  log "starting $NODES node(s)"
  "$REPO/scripts/cluster.sh" start >&2
  trap '"$REPO/scripts/cluster.sh" stop >&2' EXIT
  pids=("$(cat "$CLUSTER_DIR/haproxy.pid")")
  for n in $(seq 1 "$NODES"); do pids+=("$(cat "$CLUSTER_DIR/node$n.pid")"); done
  for path in /css/site.css /pricing /help; do
    curl -fsS -o /dev/null "$LB$path" || { log "$path does not answer 200"; exit 1; }
    hdr=()
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "${hdr[@]}" "$LB$path" >/dev/null 2>&1
    before=$(cpu_ticks "${pids[@]}"); t0=$(date +%s.%N)
    raw=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "${hdr[@]}" "$LB$path" 2>&1)
    after=$(cpu_ticks "${pids[@]}"); t1=$(date +%s.%N)
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$raw")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$raw")")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$raw")
    cores=$(awk -v a="$after" -v b="$before" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (a - b) / hz / (t1 - t0) }')
    per_core=$(awk -v r="$rps" -v c="$cores" 'BEGIN { if (c > 0) printf "%.0f", r / c; else print "-" }')
    log "$NODES node(s) $path: $rps req/s, p99 $p99 ms, $cores cores, ${non2xx:-0} non-2xx"
    echo "| $NODES | \`$path\` | $rps | $p99 | $cores | $per_core |" >>"$OUT"
  done
  "$REPO/scripts/cluster.sh" stop >&2
  trap - EXIT
done
echo >>"$OUT"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$OUT"
cat "$OUT"
