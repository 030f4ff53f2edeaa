#!/usr/bin/env bash
# Fraud-block benchmark: how fast the SIP core stops an autodialer. Starts a throw-away PostgreSQL +
# Kamailio on loopback (scripts/sip-stack.sh, own directory and ports), provisions one trial tenant the
# way KamailioStateWriter does (domain, subscriber, htable "pbx" keys over RPC, with the portal's default
# threshold Fraud:TrialAttemptsPerMinute = 20), fires a burst of 40 short calls to the trial's verified
# mobile with SIPp and reads SIPp's message trace: seconds from the rule's threshold (the INVITE that made
# the attempt count cross it) to the first refused INVITE (its 403), and the burst's timeline.
#   bench/fraud/run.sh
# Knobs: FRAUDBENCH_CALLS (40), FRAUDBENCH_RATE (calls per second, 20), FRAUDBENCH_LIMIT (20),
# FRAUDBENCH_RUNS (5), FRAUDBENCH_WORK (/tmp/ucportal-fraudbench), FRAUDBENCH_PORT_BASE (57000).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="${FRAUDBENCH_WORK:-/tmp/ucportal-fraudbench}"
run_dir="$work/run-$stamp"
base="${FRAUDBENCH_PORT_BASE:-57000}"
calls="${FRAUDBENCH_CALLS:-40}"
rate="${FRAUDBENCH_RATE:-20}"
limit="${FRAUDBENCH_LIMIT:-20}"
runs="${FRAUDBENCH_RUNS:-5}"
export SIP_STACK_DIR="$run_dir/stack"
export SIP_STACK_PG_PORT=$((base + 432)) SIP_STACK_SIP_PORT=$((base + 60)) SIP_STACK_RPC_PORT=$((base + 71)) SIP_STACK_CARRIER_PORT=$((base + 90))
rpc="http://127.0.0.1:$SIP_STACK_RPC_PORT/RPC"
results="$repo/bench/fraud/results"
report="$results/$stamp.md"
mkdir -p "$run_dir" "$results"

cleanup() { "$repo/scripts/sip-stack.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

"$repo/scripts/sip-stack.sh" start >"$run_dir/stack-start.log" 2>&1 || { cat "$run_dir/stack-start.log"; exit 1; }

rpc_call() { # method, params (JSON array); fails on an error reply (kamcmd would not)
  local reply
  reply="$(curl -s -X POST "$rpc" -d "{\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":$2,\"id\":1}")"
  if echo "$reply" | grep -q '"error"'; then echo "RPC $1 $2: $reply" >&2; return 1; fi
}
psql_k() { psql -h 127.0.0.1 -p "$SIP_STACK_PG_PORT" -U kamailio -d kamailio -v ON_ERROR_STOP=1 -qtA "$@"; }

# The carrier gateway's answering side (the SIP-core tests' scenario, any number and caller ID).
sed -e 's/DIALLED/[+0-9]+/' -e 's/CALLER_ID/.*/' -e 's/<!--EXTRA_CHECKS-->//' \
  "$repo/tests/UcPortal.SipCore.Tests/Scenarios/carrier-answer.xml" >"$run_dir/carrier.xml"

for run in $(seq 1 "$runs"); do
  d="burst$run-$stamp.sip.test"; d="$(echo "$d" | tr 'A-Z' 'a-z')"
  ha1="$(printf '%s' "101:$d:bench-pass" | md5sum | cut -d' ' -f1)"
  psql_k -c "INSERT INTO domain (domain, did) VALUES ('$d', '$d')" \
         -c "INSERT INTO subscriber (username, domain, ha1) VALUES ('101', '$d', '$ha1')"
  rpc_call domain.reload '[]'
  for kv in "t:$d:suspended 0" "t:$d:trial 1" "t:$d:outbound 1" "t:$d:intl 0" "t:$d:maxcalls $calls" \
            "t:$d:secs 3600" "t:$d:fr:apm $limit" "e:$d:101:dnd 0"; do
    set -- $kv; rpc_call htable.seti "[\"pbx\",\"$1\",$2]"
  done
  for kv in "t:$d:cc 1" "t:$d:mobile 12125550199" "e:$d:101 101" "u:$d:101 101" "e:$d:101:cid +12125550100"; do
    set -- $kv; rpc_call htable.sets "[\"pbx\",\"$1\",\"$2\"]"
  done

  dir="$run_dir/run$run"; mkdir -p "$dir"
  printf 'SEQUENTIAL\n101;%s;bench-pass;+12125550199;101;\n' "$d" >"$dir/caller.csv"
  sipp -sf "$run_dir/carrier.xml" -i 127.0.0.1 -p "$SIP_STACK_CARRIER_PORT" -m "$limit" -timeout 60s -nostdin \
    -trace_msg -message_file "$dir/carrier-messages.log" -default_behaviors all,-abortunexp >"$dir/carrier.out" 2>&1 &
  carrier_pid=$!
  sleep 0.3
  sipp "127.0.0.1:$SIP_STACK_SIP_PORT" -sf "$repo/bench/fraud/burst-call.xml" -inf "$dir/caller.csv" -i 127.0.0.1 -p $((base + 100 + run)) \
    -m "$calls" -r "$rate" -l "$calls" -d 200 -timeout 60s -nostdin -trace_msg -message_file "$dir/caller-messages.log" \
    -default_behaviors all,-abortunexp >"$dir/caller.out" 2>&1 || true
  wait "$carrier_pid" || true
  python3 "$repo/bench/fraud/timeline.py" "$dir/caller-messages.log" "$limit" >"$dir/timeline.txt"
  cat "$dir/timeline.txt"
done

{
  echo "## Fraud block benchmark, $stamp"
  echo
  echo "Machine: nproc $(nproc), $(uname -r), $(kamailio -v 2>/dev/null | head -1 | cut -d' ' -f1-3), $(sipp -v 2>/dev/null | grep -o 'SIPp v[0-9.]*' | head -1)."
  echo "Burst: $calls calls from one trial extension to its verified mobile at $rate calls/s (SIPp -r), each held 200 ms;"
  echo "rule: more than $limit attempts to the carrier within 60 s (t:<domain>:fr:apm = $limit). $runs runs, one fresh tenant each."
  echo
  echo "| run | answered | refused 403 | first INVITE → threshold INVITE (s) | threshold INVITE → its 403 (s) | threshold INVITE → first 403 seen (s) |"
  echo "|---|---|---|---|---|---|"
  for run in $(seq 1 "$runs"); do grep '^|' "$run_dir/run$run/timeline.txt" | sed "s/^|/| $run |/"; done
  echo
  echo "Raw SIPp traces: $run_dir/run*/."
} >"$report"
echo; cat "$report"; echo; echo "report: $report"
