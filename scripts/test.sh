#!/usr/bin/env bash
# Runs every test of UcPortal on a fresh machine.
# Installs what the machine lacks (Chromium for Playwright, PostgreSQL's binaries, Kamailio and SIPp
# for the SIP core tests), builds the solution, runs all test projects (the tests start and stop their own PostgreSQL on a loopback
# port), and ends with one line: "N passed, N failed[, N skipped]" summed over all projects.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test] %s\n' "$*" >&2; }

install_missing() {
  local packages=()
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
  # The SIP core tests run a real Kamailio with PostgreSQL modules, and SIPp/sipsak as phones.
  command -v kamailio >/dev/null 2>&1 || packages+=(kamailio kamailio-postgres-modules kamailio-extra-modules)
  compgen -G "/usr/lib/*/kamailio/modules/db_postgres.so" >/dev/null || packages+=(kamailio-postgres-modules)
  command -v sipp >/dev/null 2>&1 || packages+=(sip-tester sipsak)
  # Voicemail: baresip answers mailboxes (decision 014), sox converts and trims audio, espeak-ng speaks greetings.
  command -v baresip >/dev/null 2>&1 || packages+=(baresip-core)
  command -v sox >/dev/null 2>&1 || packages+=(sox)
  sox -h 2>/dev/null | grep -q mp3 || packages+=(libsox-fmt-mp3)
  command -v espeak-ng >/dev/null 2>&1 || packages+=(espeak-ng)
  # ffmpeg reads what browsers record (WebM/Opus, MP4/AAC) for greetings, which sox cannot (decision 027).
  command -v ffmpeg >/dev/null 2>&1 || packages+=(ffmpeg)
  # The two-node cluster tests (tests/UcPortal.Tests/Cluster) run scripts/cluster.sh: HAProxy in front.
  command -v haproxy >/dev/null 2>&1 || packages+=(haproxy)
  command -v openssl >/dev/null 2>&1 || packages+=(openssl)
  # Chinese pages (decision 036): Chromium needs a CJK font, or the screenshots show boxes.
  fc-list :lang=zh 2>/dev/null | grep -q . || packages+=(fonts-noto-cjk)
  [ ${#packages[@]} -eq 0 ] && return 0
  log "installing: ${packages[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >&2
}

install_missing || { log "could not install the test dependencies"; echo "0 passed, 1 failed"; exit 1; }

results="TestResults/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"

log "building"
if ! dotnet build UcPortal.sln -nologo -v q -clp:ErrorsOnly >&2; then
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

projects=$(ls tests/*/*.csproj)
status=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  log "running $name"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >&2 || status=1
done

passed=0; failed=0; skipped=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    log "$name produced no results: counted as one failure"
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(value passed); f=$(value failed); e=$(value error); t=$(value total); x=$(value executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done

# Name every failed test (and the start of its message) just above the summary line, so a CI log
# that keeps only its tail still says what failed.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); failing = 1; lines = 0; next }
    failing && /<Message>/ { sub(/.*<Message>/, ""); inmsg = 1 }
    failing && inmsg {
      line = $0; done = sub(/<\/Message>.*/, "", line)
      if (lines == 0) printf "[test] FAILED %s\n", name
      if (lines < 40) printf "[test]   %s\n", substr(line, 1, 240)
      lines++
      if (done) { inmsg = 0; failing = 0 }
    }
  ' "$trx" >&2
done
log "results in $results"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ] && [ "$passed" -gt 0 ]
