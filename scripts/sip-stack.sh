#!/usr/bin/env bash
# Development SIP core: a throw-away PostgreSQL with Kamailio's schema and Kamailio running
# deploy/kamailio/kamailio.cfg, all on loopback. Prints the settings to run the portal against it.
#   scripts/sip-stack.sh start|stop|status
# Ports (environment): SIP_STACK_PG_PORT (55432), SIP_STACK_SIP_PORT (55060), SIP_STACK_RPC_PORT
# (55071), SIP_STACK_CARRIER_PORT (55090: the fake carrier gateway address on 127.0.0.1),
# SIP_STACK_MEDIA_PORT (55080: the first media engine's SIP port), SIP_STACK_MEDIA_ENGINES (4 baresip
# engines at every second port from it, control sockets from SIP_STACK_MEDIA_CONTROL_PORT 55444, RTP ports
# SIP_STACK_RTP_PORTS 56000-56199 shared out; decision 037; 0 = no engines). The printed Voicemail settings
# connect the portal's media service to these engines (it adds the mailboxes and stores the messages).
# State lives in SIP_STACK_DIR (/tmp/ucportal-sip-stack).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${SIP_STACK_DIR:-/tmp/ucportal-sip-stack}"
pg_port="${SIP_STACK_PG_PORT:-55432}"
sip_port="${SIP_STACK_SIP_PORT:-55060}"
rpc_port="${SIP_STACK_RPC_PORT:-55071}"
carrier_port="${SIP_STACK_CARRIER_PORT:-55090}"
media_port="${SIP_STACK_MEDIA_PORT:-55080}"
media_engines="${SIP_STACK_MEDIA_ENGINES:-4}"
media_control_port="${SIP_STACK_MEDIA_CONTROL_PORT:-55444}"
rtp_ports="${SIP_STACK_RTP_PORTS:-56000-56199}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
connection_string="Host=127.0.0.1;Port=$pg_port;Username=kamailio;Database=kamailio"
rpc_url="http://127.0.0.1:$rpc_port/RPC"

# The media engines, as the portal would run them (BaresipEngine.Config and BaresipSettings.Pool): engine i
# (from 0) keeps its config and recordings in $dir/media/engine-<i+1>, listens for SIP at media_port + 2i, for
# control at media_control_port + i, and takes the i-th share of rtp_ports; one call at a time each.
start_engines() {
  [ "$media_engines" -gt 0 ] || return 0
  command -v baresip >/dev/null || { echo "no media engines: apt-get install baresip-core sox espeak-ng ffmpeg" >&2; return 0; }
  local first=${rtp_ports%-*} last=${rtp_ports#*-}
  local share=$(( (last - first + 1) / media_engines ))
  [ "$share" -ge 4 ] || { echo "RTP ports $rtp_ports are too few for $media_engines engines (4 each)" >&2; exit 1; }
  local i work
  for i in $(seq 0 $((media_engines - 1))); do
    work="$dir/media/engine-$((i + 1))"
    if [ -f "$work.pid" ] && kill -0 "$(cat "$work.pid")" 2>/dev/null; then
      continue
    fi
    mkdir -p "$work/config" "$work/recordings"
    [ -f "$work/silence.wav" ] || sox -n -r 8000 -c 1 -b 16 "$work/silence.wav" trim 0 1
    : > "$work/config/accounts"
    cat > "$work/config/config" <<CFG
poll_method epoll
sip_listen 127.0.0.1:$((media_port + 2 * i))
net_interface 127.0.0.1
call_max_calls 1
audio_player aufile,/dev/null
audio_alert aufile,/dev/null
audio_source aufile,$work/silence.wav
rtp_ports $((first + i * share))-$((first + (i + 1) * share - 1))
jitter_buffer_delay 0-0
rtp_timeout 30
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module sndfile.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
snd_path $work/recordings
ctrl_tcp_listen 127.0.0.1:$((media_control_port + i))
CFG
    setsid baresip -f "$work/config" </dev/null >"$work.log" 2>&1 &
    echo $! > "$work.pid"
  done
}

stop_engines() {
  local pid
  for pid in "$dir"/media/engine-*.pid; do
    [ -f "$pid" ] || continue
    kill "$(cat "$pid")" 2>/dev/null || true
    rm -f "$pid"
  done
}

start() {
  command -v kamailio >/dev/null || { echo "kamailio missing: apt-get install kamailio kamailio-postgres-modules kamailio-extra-modules" >&2; exit 1; }
  [ -n "$pg_bin" ] || { echo "PostgreSQL missing: apt-get install postgresql" >&2; exit 1; }
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if ! as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    [ -d "$dir/pg" ] || as_postgres "$pg_bin/initdb" -D "$dir/pg" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  PGHOST=127.0.0.1 PGPORT="$pg_port" PGUSER=postgres "$repo/deploy/kamailio/create-schema.sh"
  if [ -f "$dir/kamailio.pid" ] && kill -0 "$(cat "$dir/kamailio.pid")" 2>/dev/null; then
    echo "kamailio already running (pid $(cat "$dir/kamailio.pid"))" >&2
  else
    TZ=UTC kamailio -f "$repo/deploy/kamailio/kamailio.cfg" -P "$dir/kamailio.pid" -E \
      -A "SIP_LISTEN=udp:127.0.0.1:$sip_port" -A "RPC_LISTEN=tcp:127.0.0.1:$rpc_port" \
      -A "DBURL=\"postgres://kamailio@127.0.0.1:$pg_port/kamailio\"" \
      -A "CARRIER_SRC_IP=\"127.0.0.1\"" -A "CARRIER_SRC_PORT=$carrier_port" \
      -A "CARRIER_GW=\"127.0.0.1:$carrier_port\"" -A "MEDIA_GW=\"127.0.0.1:$media_port\"" -A "MEDIA_ENGINES=$media_engines" \
      -A WITH_TEST_CLOCK 2>"$dir/kamailio.log"
    for _ in $(seq 1 50); do [ -f "$dir/kamailio.pid" ] && break; sleep 0.1; done
  fi
  cat <<MSG
SIP core running: SIP udp 127.0.0.1:$sip_port, RPC $rpc_url, PostgreSQL 127.0.0.1:$pg_port, carrier gateway 127.0.0.1:$carrier_port
Logs: $dir/kamailio.log $dir/postgres.log
An address that fails 10 logins in 60 s is blocked for 15 min; list and lift blocks with
  curl -s -d '{"jsonrpc":"2.0","method":"htable.dump","params":["ipban"],"id":1}' $rpc_url
  curl -s -d '{"jsonrpc":"2.0","method":"htable.delete","params":["ipban","127.0.0.1"],"id":1}' $rpc_url
Run the portal against it:
  SipCore__ConnectionString='$connection_string' SipCore__RpcUrl='$rpc_url' dotnet run --project src/UcPortal.Web
MSG
  start_engines
  if [ "$media_engines" -gt 0 ] && command -v baresip >/dev/null; then
    cat <<MSG
Media engines: $media_engines baresip processes, SIP from 127.0.0.1:$media_port, control from 127.0.0.1:$media_control_port (logs $dir/media/engine-*.log).
For voicemail, auto attendants and announcements add to the portal's settings:
  Voicemail__Enabled=true Voicemail__StartEngine=false Voicemail__EngineDirectory=$dir/media Voicemail__Engines=$media_engines Voicemail__SipListen=127.0.0.1:$media_port Voicemail__ControlListen=127.0.0.1:$media_control_port Voicemail__RtpPorts=$rtp_ports Voicemail__SipCoreAddress=127.0.0.1:$sip_port
MSG
  fi
}

stop() {
  stop_engines
  if [ -f "$dir/kamailio.pid" ]; then
    kill "$(cat "$dir/kamailio.pid")" 2>/dev/null || true
    rm -f "$dir/kamailio.pid"
  fi
  if [ -n "$pg_bin" ] && [ -d "$dir/pg" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "SIP core stopped (data kept in $dir; delete it for a fresh start)"
}

status() {
  local rc=0
  if [ -f "$dir/kamailio.pid" ] && kill -0 "$(cat "$dir/kamailio.pid")" 2>/dev/null; then
    echo "kamailio: running (pid $(cat "$dir/kamailio.pid")), RPC $rpc_url"
  else
    echo "kamailio: stopped"; rc=1
  fi
  if [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    echo "postgresql: running on 127.0.0.1:$pg_port"
  else
    echo "postgresql: stopped"; rc=1
  fi
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
