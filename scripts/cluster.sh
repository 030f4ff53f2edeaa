#!/usr/bin/env bash
# Several portal nodes on one PostgreSQL behind HAProxy, all on loopback (decision 028, docs/scale-out.md):
#   scripts/cluster.sh start|stop|status
#   scripts/cluster.sh kill-node N     # kill -9 node N (a crash), HAProxy takes it out of the rotation
#   scripts/cluster.sh start-node N    # start node N again
# One PostgreSQL holds the portal's data, Hangfire's queue (schema "hangfire") and Kamailio's
# tables; Kamailio runs deploy/kamailio/kamailio.cfg (scripts/sip-stack.sh); every node runs a
# Hangfire server. Data Protection keys are in the portal database, encrypted with a certificate
# this script makes once (decision 015), so cookies, antiforgery tokens and SIP passwords work
# whichever node answers.
# Nodes run the build output (CLUSTER_APP, default: src/UcPortal.Web/bin/Debug/net10.0/UcPortal.Web.dll,
# built when missing) in the Development environment: plain http on loopback needs cookies without
# the Secure flag (compose.yaml is the production shape, with TLS at the load balancer).
# Environment: CLUSTER_NODES (2), CLUSTER_DIR (/tmp/ucportal-cluster), CLUSTER_PORT_BASE (56000:
# load balancer +80, nodes +81.., PostgreSQL +432, SIP +60, RPC +71, carrier +90), CLUSTER_SIP_CORE (1;
# 0 = no Kamailio). Any other variable the portal reads (RateLimits__…, Trial__…) is passed to the nodes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CLUSTER_DIR:-/tmp/ucportal-cluster}"
nodes="${CLUSTER_NODES:-2}"
base="${CLUSTER_PORT_BASE:-56000}"
lb_port=$((base + 80))
pg_port=$((base + 432))
sip_port=$((base + 60))
rpc_port=$((base + 71))
carrier_port=$((base + 90))
with_sip_core="${CLUSTER_SIP_CORE:-1}"
app="${CLUSTER_APP:-$repo/src/UcPortal.Web/bin/Debug/net10.0/UcPortal.Web.dll}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
portal_cs="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ucportal;Maximum Pool Size=40"

log() { printf '[cluster] %s\n' "$*" >&2; }
node_port() { echo $((base + 80 + $1)); }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

sip_stack() {
  SIP_STACK_DIR="$dir/sip" SIP_STACK_PG_PORT="$pg_port" SIP_STACK_SIP_PORT="$sip_port" \
    SIP_STACK_RPC_PORT="$rpc_port" SIP_STACK_CARRIER_PORT="$carrier_port" "$repo/scripts/sip-stack.sh" "$@"
}

start_database() {
  mkdir -p "$dir/sip"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/sip"
  if [ "$with_sip_core" = 1 ]; then
    sip_stack start >"$dir/sip-stack.out"
  elif ! as_postgres "$pg_bin/pg_ctl" -D "$dir/sip/pg" status >/dev/null 2>&1; then
    [ -d "$dir/sip/pg" ] || as_postgres "$pg_bin/initdb" -D "$dir/sip/pg" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$dir/sip/pg" -l "$dir/sip/postgres.log" -w -t 60 \
      -o "-p $pg_port -k $dir/sip -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  # A few nodes x (pool + Hangfire workers) connections.
  as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'ucportal'" | grep -q 1 \
    || as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE ucportal" >/dev/null
}

make_certificate() {
  # The Data Protection key ring is encrypted with this certificate (decision 015); every node has it.
  [ -f "$dir/dp-cert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=UcPortal Data Protection" \
    -keyout "$dir/dp-key.pem" -out "$dir/dp-cert.pem" >/dev/null 2>&1
  chmod 600 "$dir/dp-key.pem"
}

start_node() {
  local n="$1" port; port="$(node_port "$n")"
  if running "$dir/node$n.pid"; then log "node $n already running (pid $(cat "$dir/node$n.pid"))"; return 0; fi
  local env=(
    ASPNETCORE_ENVIRONMENT=Development
    ASPNETCORE_URLS="http://127.0.0.1:$port"
    Database__Provider=Postgres
    Database__ConnectionString="$portal_cs"
    Database__MigrateOnStartup=true
    Database__DataFolder="$dir/node$n"
    Portal__PublicBaseUrl="http://127.0.0.1:$lb_port"
    DataProtection__Certificate__Path="$dir/dp-cert.pem"
    DataProtection__Certificate__KeyPath="$dir/dp-key.pem"
    Voicemail__StorageDirectory="$dir/voicemail"
    # HAProxy asks every node for /health/ready each second: keep its HTTP client out of the log.
    Logging__LogLevel__System.Net.Http.HttpClient=Warning
    Voicemail__EngineDirectory="$dir/node$n/media-engine"
  )
  if [ "$with_sip_core" = 1 ]; then
    env+=(SipCore__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=kamailio;Database=kamailio"
          SipCore__RpcUrl="http://127.0.0.1:$rpc_port/RPC")
  fi
  mkdir -p "$dir/node$n"
  # exec all the way down (subshell -> env -> setsid -> dotnet): the pid written is the portal's own,
  # so stop and kill-node signal exactly that process. setsid: a Ctrl+C in the caller's terminal does not reach it.
  ( cd "$repo/src/UcPortal.Web" && exec env "${env[@]}" setsid dotnet "$app" </dev/null >>"$dir/node$n.log" 2>&1 ) &
  echo $! >"$dir/node$n.pid"
  log "node $n: pid $(cat "$dir/node$n.pid"), http://127.0.0.1:$port (log $dir/node$n.log)"
}

wait_ready() {
  local n="$1" port; port="$(node_port "$n")"
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && return 0
    running "$dir/node$n.pid" || { log "node $n exited:"; tail -n 30 "$dir/node$n.log" >&2; return 1; }
    sleep 0.5
  done
  log "node $n not ready after 120 s"; tail -n 30 "$dir/node$n.log" >&2; return 1
}

write_haproxy_config() {
  {
    cat <<CFG
global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A node that refuses the connection (killed) is retried once on another node.
    retries 1
    option redispatch

frontend portal
    bind 127.0.0.1:$lb_port
    option forwardfor
    default_backend nodes

backend nodes
    balance roundrobin
    # Ready = the node, its database and the SIP core answer (decision 028).
    option httpchk GET /health/ready
    http-check expect status 200
    # A loaded node answers its check slowly (the ready check itself allows 3 s per dependency):
    # a 1 s check timeout took the only live node out under load (503 for everyone) in a test run.
    timeout check 5s
    default-server inter 1s fall 3 rise 2
    # Which node answered (the tests check that requests alternate).
    http-response set-header X-Portal-Node %[srv_name]
CFG
    for n in $(seq 1 "$nodes"); do
      echo "    server node$n 127.0.0.1:$(node_port "$n") check"
    done
  } >"$dir/haproxy.cfg"
}

start() {
  command -v haproxy >/dev/null || { echo "haproxy missing: apt-get install haproxy" >&2; exit 1; }
  [ -n "$pg_bin" ] || { echo "PostgreSQL missing: apt-get install postgresql" >&2; exit 1; }
  [ -f "$app" ] || { log "building the portal"; dotnet build "$repo/src/UcPortal.Web" -nologo -v q >&2; }
  mkdir -p "$dir"
  start_database
  make_certificate
  # The first node migrates the database alone; the others start on the migrated schema.
  start_node 1
  wait_ready 1
  for n in $(seq 2 "$nodes"); do start_node "$n"; done
  for n in $(seq 2 "$nodes"); do wait_ready "$n"; done
  write_haproxy_config
  if running "$dir/haproxy.pid"; then
    kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
  fi
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid" </dev/null >/dev/null 2>"$dir/haproxy.log"
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$lb_port/health/ready" 2>/dev/null && break; sleep 0.2; done
  cat <<MSG
Portal: http://127.0.0.1:$lb_port (HAProxy, round robin over $nodes nodes: $(for n in $(seq 1 "$nodes"); do printf '%s ' "127.0.0.1:$(node_port "$n")"; done))
Database: $portal_cs
Logs: $dir/node*.log $dir/haproxy.log
MSG
}

stop_node() {
  local n="$1" pid
  [ -f "$dir/node$n.pid" ] || return 0
  pid="$(cat "$dir/node$n.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    # SIGTERM: Hangfire finishes its jobs in hand, Kestrel its requests.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/node$n.pid"
}

kill_node() {
  local n="$1"
  running "$dir/node$n.pid" || { log "node $n is not running"; return 1; }
  kill -KILL "$(cat "$dir/node$n.pid")"
  rm -f "$dir/node$n.pid"
  log "node $n killed (SIGKILL)"
}

stop() {
  if running "$dir/haproxy.pid"; then kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true; fi
  rm -f "$dir/haproxy.pid"
  for f in "$dir"/node*.pid; do
    [ -f "$f" ] || continue
    n="${f##*/node}"; stop_node "${n%.pid}"
  done
  if [ -d "$dir/sip" ]; then
    sip_stack stop >/dev/null 2>&1 || true
    as_postgres "$pg_bin/pg_ctl" -D "$dir/sip/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "cluster stopped (data kept in $dir; delete it for a fresh start)"
}

status() {
  local rc=0
  if running "$dir/haproxy.pid"; then echo "haproxy: running, http://127.0.0.1:$lb_port"; else echo "haproxy: stopped"; rc=1; fi
  for n in $(seq 1 "$nodes"); do
    if running "$dir/node$n.pid"; then
      echo "node $n: running (pid $(cat "$dir/node$n.pid")), ready: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(node_port "$n")/health/ready")"
    else
      echo "node $n: stopped"; rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill-node) kill_node "${2:?node number}" ;;
  start-node) start_node "${2:?node number}"; wait_ready "$2" ;;
  stop-node) stop_node "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|status|kill-node N|start-node N|stop-node N" >&2; exit 2 ;;
esac
