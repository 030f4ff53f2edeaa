#!/usr/bin/env bash
# UcPortal benchmark: one command, about 2-3 minutes on 2 cores (see bench/README.md).
#   bench/run.sh
# Publishes the portal (Release), starts it on a free 127.0.0.1 port with a fresh data folder,
# runs the trial journey (1 warm-up + 20 timed trials) and then wrk against /css/site.css, /pricing
# and /dashboard, prints a results table, writes it to bench/results/<stamp>.md (raw outputs to
# bench/results/<stamp>-*.raw, git-ignored), stops the portal and exits.
# Knobs (environment): BENCH_DURATION (15 s), BENCH_WARMUP (5 s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_TRIALS (20), BENCH_WORK (/tmp/ucportal-bench), BENCH_SKIP_PUBLISH=1.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-5}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
TRIALS="${BENCH_TRIALS:-20}"
WORK="${BENCH_WORK:-/tmp/ucportal-bench}"
APP="$WORK/app"
TOOL="$WORK/tool"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN="$WORK/run-$STAMP"
RESULTS="$REPO/bench/results"
RAW="$RESULTS/$STAMP"
CLK_TCK="$(getconf CLK_TCK)"
PORTAL_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
  if [[ -n "$PORTAL_PID" ]] && kill -0 "$PORTAL_PID" 2>/dev/null; then
    log "stopping the portal (pid $PORTAL_PID)"
    kill -TERM "$PORTAL_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PORTAL_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PORTAL_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites
if ! command -v wrk >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "wrk not found: installing Debian's package"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is required: sudo apt-get install -y wrk"
  fi
fi
command -v dotnet >/dev/null || die "dotnet SDK not found"
command -v curl >/dev/null || die "curl not found"
mkdir -p "$WORK" "$RUN/data" "$RESULTS"

# ---------------------------------------------------------------- build
if [[ "${BENCH_SKIP_PUBLISH:-0}" != 1 || ! -f "$APP/UcPortal.Web.dll" ]]; then
  log "publishing the portal (Release) to $APP"
  dotnet publish "$REPO/src/UcPortal.Web" -c Release -o "$APP" --nologo -v q >"$RUN/publish.log" 2>&1 \
    || { tail -30 "$RUN/publish.log"; die "publish failed"; }
  log "building the trial-journey driver to $TOOL"
  dotnet build "$REPO/bench/UcPortal.Bench" -c Release -o "$TOOL" --nologo -v q >"$RUN/build-tool.log" 2>&1 \
    || { tail -30 "$RUN/build-tool.log"; die "build of bench/UcPortal.Bench failed"; }
fi
[[ -f "$APP/wwwroot/css/site.css" ]] || die "publish output has no wwwroot/css/site.css"

# ---------------------------------------------------------------- start the portal
port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
PORT=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if ! port_in_use "$candidate"; then PORT="$candidate"; break; fi
done
[[ -n "$PORT" ]] || die "no free port found"
BASE="http://127.0.0.1:$PORT"

log "starting the portal on $BASE, data folder $RUN/data"
(
  cd "$APP"
  export ASPNETCORE_ENVIRONMENT=Development \
         ASPNETCORE_URLS="$BASE" \
         Database__DataFolder="$RUN/data" \
         RateLimits__SignupPerIpPerHour=100000 \
         Trial__SignupsPerAddressPerDay=100000 \
         Trial__SignupsPerNetworkPerDay=100000 \
         Logging__LogLevel__Default=Warning
  exec dotnet "$APP/UcPortal.Web.dll"
) >"$RUN/portal.log" 2>&1 &
PORTAL_PID=$!

for i in $(seq 1 120); do
  kill -0 "$PORTAL_PID" 2>/dev/null || { tail -40 "$RUN/portal.log"; die "the portal exited during startup"; }
  if curl -fsS --max-time 2 "$BASE/health" 2>/dev/null | grep -q '"status":"Healthy"'; then break; fi
  [[ $i == 120 ]] && { tail -40 "$RUN/portal.log"; die "the portal did not become healthy in 60 s"; }
  sleep 0.5
done
log "portal healthy (pid $PORTAL_PID)"

# ---------------------------------------------------------------- machine facts
NPROC="$(nproc)"
MEM="$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
DOTNET_SDK="$(dotnet --version)"
DOTNET_RT="$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}')"
CPU_MODEL="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- 1. trial journey
log "trial journey: 1 warm-up + $TRIALS timed trials"
COOKIE_FILE="$RUN/cookie.txt"
set +e
dotnet "$TOOL/UcPortal.Bench.dll" trials --base "$BASE" --count "$TRIALS" --warmup 1 --poll-ms 50 \
  --cookie-out "$COOKIE_FILE" --csv "$RAW-trials.raw" --summary "$RUN/trials-summary.txt" | tee "$RUN/trials.log" >&2
TRIALS_RC=${PIPESTATUS[0]}
set -e
[[ -s "$COOKIE_FILE" ]] || die "the warm-up trial did not produce a dashboard cookie"
[[ $TRIALS_RC == 0 ]] || log "WARNING: some trials failed (see above)"
TRIAL_SUMMARY="$(cat "$RUN/trials-summary.txt" 2>/dev/null || echo "n=0")"
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$TRIAL_SUMMARY"; }

BROWSER_COOKIE="$(cat "$COOKIE_FILE")"
# The same browser session without the TempData cookie (diagnostic row, see README).
SESSION_COOKIE="$(tr ';' '\n' <"$COOKIE_FILE" | sed 's/^ *//' | grep -E '^ucportal\.(auth|af)=' | paste -sd';' | sed 's/;/; /g')"

check_page() { # url, cookie, must-contain -> prints bytes; dies if not 200 or marker missing
  local body code h=()
  body="$RUN/check.html"
  [[ -n "$2" ]] && h=(-H "Cookie: $2")
  code=$(curl -s -o "$body" -w '%{http_code}' "${h[@]}" "$1")
  [[ "$code" == 200 ]] || die "$1 answered $code"
  [[ -z "$3" ]] || grep -q "$3" "$body" || die "$1 does not contain $3"
  wc -c <"$body" | tr -d ' '
}

# ---------------------------------------------------------------- 2. wrk
# name|path|cookie|marker
TARGETS=(
  "static /css/site.css|/css/site.css||"
  "/pricing (anonymous)|/pricing||<h1 class=\"display-6 fw-bold\">Pricing</h1>"
  "/dashboard (browser cookies)|/dashboard|$BROWSER_COOKIE|id=\"sip-domain\""
  "/dashboard (auth+af cookies only)|/dashboard|$SESSION_COOKIE|id=\"sip-domain\""
)

to_ms() { # wrk latency like 812.00us, 2.69ms, 1.20s -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
to_bytes() { # wrk "12.34MB" -> bytes
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /KB$/) n *= 1024; else if (v ~ /MB$/) n *= 1048576; else if (v ~ /GB$/) n *= 1073741824; printf "%.0f", n }'
}
cpu_total_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }   # user nice system irq softirq (jiffies)
cpu_portal() { awk '{ print $14 + $15 }' "/proc/$PORTAL_PID/stat"; }             # utime + stime (jiffies)
# CPU of the shell's finished children (wrk), from the `times` builtin; it must run in this shell, not a subshell.
cpu_children_ms() { times >"$RUN/times.txt"; tail -1 "$RUN/times.txt" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f", (u[1]*60 + u[2] + s[1]*60 + s[2]) * 1000 }' >"$RUN/cpu-ms.txt"; }

ROWS=()
STATIC_RPS=""
STATIC_CPR=""
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path cookie marker <<<"$t"
  url="$BASE$path"
  size=$(check_page "$url" "$cookie" "$marker")
  slug=$(tr -c 'a-z0-9' '-' <<<"${name,,}" | sed 's/-\+/-/g; s/^-//; s/-$//')
  hdr=()
  [[ -n "$cookie" ]] && hdr=(-H "Cookie: $cookie")
  log "wrk $name: ${WARMUP}s warm-up, then ${DURATION}s measured, -t$THREADS -c$CONNECTIONS"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "${hdr[@]}" "$url" >"$RAW-wrk-$slug-warmup.raw" 2>&1
  cpu_children_ms; kids0=$(<"$RUN/cpu-ms.txt"); busy0=$(cpu_total_busy); portal0=$(cpu_portal)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "${hdr[@]}" "$url" >"$RAW-wrk-$slug.raw" 2>&1
  busy1=$(cpu_total_busy); portal1=$(cpu_portal); cpu_children_ms; kids1=$(<"$RUN/cpu-ms.txt")
  out="$RAW-wrk-$slug.raw"
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p90=$(to_ms "$(awk '$1 == "90%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  reqs=$(awk '/requests in/ {print $1}' "$out")
  read_bytes=$(to_bytes "$(awk '/requests in/ {print $(NF-1)}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  sockerr=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' "$out"); sockerr=${sockerr:-none}
  [[ -n "$rps" && -n "$p99" ]] || { cat "$out"; die "could not parse wrk output for $name"; }
  # CPU over the measured window: the portal's share, wrk's share, and everything else on the machine.
  window=$DURATION
  portal_cores=$(awk -v a="$portal0" -v b="$portal1" -v tck="$CLK_TCK" -v w="$window" 'BEGIN { printf "%.2f", (b - a) / tck / w }')
  wrk_cores=$(awk -v a="$kids0" -v b="$kids1" -v w="$window" 'BEGIN { printf "%.2f", (b - a) / 1000 / w }')
  other_cores=$(awk -v a="$busy0" -v b="$busy1" -v pa="$portal0" -v pb="$portal1" -v tck="$CLK_TCK" -v w="$window" -v wc="$wrk_cores" \
    'BEGIN { x = ((b - a) - (pb - pa)) / tck / w - wc; if (x < 0) x = 0; printf "%.2f", x }')
  cpu_per_req=$(awk -v a="$portal0" -v b="$portal1" -v tck="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.3f", (b - a) / tck * 1000 / n }')
  bytes_per_resp=$(awk -v b="$read_bytes" -v n="$reqs" 'BEGIN { printf "%.0f", b / n }')
  [[ -z "$STATIC_RPS" ]] && { STATIC_RPS="$rps"; STATIC_CPR="$cpu_per_req"; }
  ratio=$(awk -v r="$rps" -v s="$STATIC_RPS" 'BEGIN { printf "%.3f", r / s }')
  # The same ratio estimated from the portal's CPU cost per request, which other load on the machine disturbs less.
  cpu_ratio=$(awk -v c="$cpu_per_req" -v s="$STATIC_CPR" 'BEGIN { printf "%.3f", (c > 0 ? s / c : 0) }')
  ROWS+=("$name|$size|$bytes_per_resp|$rps|$ratio|$cpu_ratio|$p50|$p90|$p99|$non2xx|$sockerr|$cpu_per_req|$portal_cores|$wrk_cores|$other_cores")
  # After the run the page must still be what we think we measured (e.g. not a redirect to login).
  check_page "$url" "$cookie" "$marker" >/dev/null
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- 3. concurrent signups
log "concurrent signups: ${BENCH_SIGNUPS:-50} visitors POST /trial at once"
set +e
dotnet "$TOOL/UcPortal.Bench.dll" signups --base "$BASE" --count "${BENCH_SIGNUPS:-50}" --summary "$RUN/signups-summary.txt" | tee "$RUN/signups.log" >&2
SIGNUPS_RC=${PIPESTATUS[0]}
set -e
SIGNUP_SUMMARY="$(cat "$RUN/signups-summary.txt" 2>/dev/null || echo "n=0")"
skv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$SIGNUP_SUMMARY"; }

# ---------------------------------------------------------------- portal log
ERRORS=$(grep -cE '^(fail|crit):' "$RUN/portal.log" || true)
WARNS=$(grep -cE '^warn:' "$RUN/portal.log" || true)

# ---------------------------------------------------------------- report
REPORT="$RESULTS/$STAMP.md"
{
  echo "# UcPortal benchmark run $STAMP"
  echo
  echo "- Machine: $NPROC CPUs ($CPU_MODEL), memory $MEM; load average before $LOAD_BEFORE, after $LOAD_AFTER"
  echo "- .NET SDK $DOTNET_SDK, ASP.NET Core runtime $DOTNET_RT; portal published Release, ASPNETCORE_ENVIRONMENT=Development, SQLite in a fresh folder"
  echo "- wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'): -t$THREADS -c$CONNECTIONS --timeout 10s, ${WARMUP} s warm-up (discarded) then ${DURATION} s measured with --latency, per target, one target at a time, 127.0.0.1"
  echo
  echo "## Throughput and latency (wrk)"
  echo
  echo "| target | page bytes | bytes/resp | req/s | × static | × static by CPU/req | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors | portal CPU ms/req | portal cores | wrk cores | other cores |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
  for r in "${ROWS[@]}"; do
    IFS='|' read -r n s b rps ratio cratio p50 p90 p99 nx se cpr pc wc oc <<<"$r"
    echo "| $n | $s | $b | $rps | $ratio | $cratio | $p50 | $p90 | $p99 | $nx | $se | $cpr | $pc | $wc | $oc |"
  done
  echo
  echo "## Email confirmation → SIP credentials on /dashboard ($TRIALS trials, one after the other, polled every 50 ms)"
  echo
  echo "| trials ok | failed | median ms | p90 ms | min ms | max ms | mean ms | of which the confirm GET: median ms | max ms |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $(kv n) | $(kv failed) | $(kv median_ms) | $(kv p90_ms) | $(kv min_ms) | $(kv max_ms) | $(kv mean_ms) | $(kv confirm_get_median_ms) | $(kv confirm_get_max_ms) |"
  echo
  echo "Per trial (the warm-up trial is excluded from the statistics):"
  echo
  echo '```'
  grep -E '^\s+(warm-up|trial)' "$RUN/trials.log" || true
  echo '```'
  echo
  echo "## Signup under load: ${BENCH_SIGNUPS:-50} visitors POST /trial at the same moment (after the wrk runs)"
  echo
  echo "| signups | ok (302 to check-email) | p50 ms | p95 ms | max ms | 5xx or no answer | statuses |"
  echo "|---:|---:|---:|---:|---:|---:|---|"
  echo "| $(skv n) | $(skv ok) | $(skv p50_ms) | $(skv p95_ms) | $(skv max_ms) | $(skv errors_5xx) | $(skv statuses) |"
  echo
  echo "Portal log (level Warning and above): $ERRORS fail/crit entries, $WARNS warn entries."
  if [[ "$ERRORS" != 0 || "$WARNS" != 0 ]]; then
    echo
    echo '```'
    grep -E '^(warn|fail|crit):' -A1 "$RUN/portal.log" | head -40
    echo '```'
  fi
} >"$REPORT"

echo
cat "$REPORT"
echo
log "report: $REPORT; raw outputs: $RAW-*.raw; portal log: $RUN/portal.log"
[[ $TRIALS_RC == 0 ]] || { log "some trials failed: exit status 1"; exit 1; }
