#!/usr/bin/env bash
# A real multi-process Monitoring cluster on this machine, on loopback: Redis (append-only file),
# N silos and M gateways sharing it (Orleans:Store=Redis), the Chile-US topology, and optionally the
# feeder simulating the providers. Stops exactly the processes it started (by PID).
#
#   deploy/local/cluster.sh start [--silos 2] [--gateways 2] [--feeder] [--port-offset 0] [--no-build] [--cluster-tls DIR]
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh stop
#
# Ports (plus --port-offset): Redis 6390; silo i (1-based) 11110+i (silo), 29999+i (gateway), HTTP 8189+i;
# gateway j: HTTP 8078+2j (dashboard, JSON, /metrics), gRPC 8079+2j. So gateway 1 is http://127.0.0.1:8080.
# --cluster-tls DIR: silos and gateways speak mutual TLS with DIR/member.crt, member.key and cluster-ca.crt
# (docs/deploy.md, "TLS"). Everything listens on 127.0.0.1 only.
# State, logs and Redis data live in artifacts/local-cluster/ (or $MONITORING_CLUSTER_DIR).
# Needs: dotnet, redis-server. See docs/deploy.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
state="${MONITORING_CLUSTER_DIR:-$root/artifacts/local-cluster}"
configuration="${CONFIGURATION:-Debug}"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

silos=2
gateways=2
feeder=false
offset=0
build=true
cluster_tls=""

parse() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="$2"; shift 2 ;;
      --gateways) gateways="$2"; shift 2 ;;
      --feeder) feeder=true; shift ;;
      --port-offset) offset="$2"; shift 2 ;;
      --no-build) build=false; shift ;;
      --cluster-tls) cluster_tls="$2"; shift 2 ;;
      *) die "unknown option $1 (see the header of $0)" ;;
    esac
  done
  [[ "$silos" =~ ^[1-9]$ ]] || die "--silos must be 1..9"
  [[ "$gateways" =~ ^[1-9]$ ]] || die "--gateways must be 1..9"
  [[ "$offset" =~ ^[0-9]+$ ]] || die "--port-offset must be a number"
  if [ -n "$cluster_tls" ]; then
    local file
    for file in member.crt member.key cluster-ca.crt; do
      [ -r "$cluster_tls/$file" ] || die "--cluster-tls: $cluster_tls/$file is missing"
    done
    cluster_tls="$(cd "$cluster_tls" && pwd)"
  fi
}

# Starts a command in the background, its output in $state/<name>.log, its PID in $state/<name>.pid.
launch() {
  local name="$1"; shift
  local dir="$1"; shift
  (cd "$dir" && exec "$@") >>"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

# A recorded PID still names one of our processes (not a PID reused by something else since).
alive() {
  [ -f "$1" ] || return 1
  local pid
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE 'redis-server|Monitoring\.(Silo|Gateway)\.dll|feeder\.dll'
}

wait_ready() {
  local what="$1" url="$2" deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "$url"; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready at $url within 120 s (log: $state/$what.log)"
    sleep 0.5
  done
  say "$what ready ($url)"
}

start() {
  parse "$@"
  command -v redis-server >/dev/null || die "redis-server is not installed (Debian: apt-get install redis-server)"
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    alive "$pidfile" && die "a cluster is already running from $state (run: $0 stop)"
  done
  mkdir -p "$state/redis"
  rm -f "$state"/*.pid
  # A start that fails half-way stops what it had started.
  started=false
  trap '[ "$started" = true ] || { echo "start failed; stopping what was started" >&2; stop; }' EXIT

  if [ "$build" = true ]; then
    say "building ($configuration)"
    dotnet build "$root/Monitoring.sln" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed"
  fi
  local silo_dir="$root/silo/Monitoring.Silo/bin/$configuration/net10.0"
  local gateway_dir="$root/gateway/Monitoring.Gateway/bin/$configuration/net10.0"
  local feeder_dir="$root/tools/Monitoring.Feeder/bin/$configuration/net10.0"

  local redis_port=$((6390 + offset))
  say "starting Redis on 127.0.0.1:$redis_port (append-only file, fsync on every write)"
  launch redis "$state/redis" redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state/redis" \
    --appendonly yes --appendfsync always --save "" --protected-mode no
  local deadline=$((SECONDS + 30))
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "Redis did not start (log: $state/redis.log)"
    sleep 0.2
  done

  local common=(--Orleans:Store=Redis "--Orleans:Redis=127.0.0.1:$redis_port" --Orleans:AdvertisedAddress=127.0.0.1
    --Orleans:ClusterId=local --Orleans:ServiceId=monitoring)
  if [ -n "$cluster_tls" ]; then
    say "silos and gateways speak mutual TLS with the certificates in $cluster_tls"
    common+=("--Orleans:Tls:CertificatePath=$cluster_tls/member.crt" "--Orleans:Tls:KeyPath=$cluster_tls/member.key"
      "--Orleans:Tls:CaPath=$cluster_tls/cluster-ca.crt")
  fi
  for i in $(seq 1 "$silos"); do
    local http=$((8189 + i + offset))
    say "starting silo $i (silo port $((11110 + i + offset)), gateway port $((29999 + i + offset)), HTTP $http)"
    launch "silo-$i" "$silo_dir" dotnet Monitoring.Silo.dll "${common[@]}" \
      "--Orleans:SiloPort=$((11110 + i + offset))" "--Orleans:GatewayPort=$((29999 + i + offset))" \
      "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http"
  done
  for i in $(seq 1 "$silos"); do wait_ready "silo-$i" "http://127.0.0.1:$((8189 + i + offset))/readyz"; done

  local endpoints=()
  for j in $(seq 1 "$gateways"); do
    local http=$((8078 + 2 * j + offset)) grpc=$((8079 + 2 * j + offset))
    # The first gateway applies the demo topology; providers are the feeder's job (--feeder), not the gateways'.
    local demo=false
    [ "$j" -eq 1 ] && demo=true
    say "starting gateway $j (HTTP $http, gRPC $grpc)"
    # Development: the demo keys and anonymous viewing of docs/dashboard.md. Never in production.
    ASPNETCORE_ENVIRONMENT=Development launch "gateway-$j" "$gateway_dir" dotnet Monitoring.Gateway.dll "${common[@]}" \
      --Gateway:EmbeddedSilo=false "--Demo:Enabled=$demo" --Demo:Simulate=false \
      "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http" "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc"
    endpoints+=(--gateway "http://127.0.0.1:$grpc")
  done
  for j in $(seq 1 "$gateways"); do wait_ready "gateway-$j" "http://127.0.0.1:$((8078 + 2 * j + offset))/readyz"; done

  if [ "$feeder" = true ]; then
    say "starting the feeder (simulated providers, fails over between the gateways)"
    launch feeder "$feeder_dir" dotnet feeder.dll demo "${endpoints[@]}" --api-key demo-admin-key --interval 5s
  fi
  started=true
  say "cluster up: dashboard http://127.0.0.1:$((8080 + offset))/ ; stop with: $0 stop"
}

status() {
  local any=false
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    any=true
    local name
    name=$(basename "$pidfile" .pid)
    if alive "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: not running"; fi
  done
  [ "$any" = true ] || echo "no cluster started from $state"
}

# Stops in reverse order of dependence: feeder, gateways, silos (gracefully: they hand their grains
# over and store pending batches), then Redis. Only PIDs recorded by start are signalled.
stop() {
  local order=()
  [ -e "$state/feeder.pid" ] && order+=("$state/feeder.pid")
  for f in "$state"/gateway-*.pid "$state"/silo-*.pid "$state"/redis.pid; do [ -e "$f" ] && order+=("$f"); done
  [ ${#order[@]} -gt 0 ] || { echo "nothing to stop in $state"; return 0; }
  for pidfile in "${order[@]}"; do
    local name pid
    name=$(basename "$pidfile" .pid)
    pid=$(cat "$pidfile")
    if alive "$pidfile"; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid"
      local deadline=$((SECONDS + 40))
      while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        say "$name did not stop within 40 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  done
  say "stopped (logs and Redis data kept in $state)"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [--silos N] [--gateways M] [--feeder] [--port-offset K] [--no-build] | status | stop" >&2; exit 2 ;;
esac
