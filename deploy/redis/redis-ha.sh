#!/bin/sh
# Redis with replicas and Sentinel, as the compose file and the Kubernetes manifests run it (docs/deploy.md, "Redis").
#
#   redis-ha.sh node       a Redis: the primary, or a replica of it
#   redis-ha.sh sentinel   a Sentinel: watches the primary "monitoring" and promotes a replica when it dies
#
# Both are TLS only, with the cluster member's certificate, and admit two ACL users with REDIS_PASSWORD: "monitoring"
# (silos, gateways, Sentinels) and "replication" (replicas; may only replicate). The default user is off.
#
# A node or Sentinel that starts asks the Sentinels which node is the primary; only when none answers (the group's very
# first start) is it REDIS_FIRST_PRIMARY. So a former primary that comes back after a failover rejoins as a replica.
#
# Settings (environment):
#   REDIS_PASSWORD        required
#   REDIS_FIRST_PRIMARY   required: host:port of the node that is primary when the group first starts
#   REDIS_SENTINELS       the Sentinels, "host:port host:port …"
#   REDIS_ANNOUNCE_HOST   this process's name (or address) as the others reach it (default: the host name)
#   REDIS_PORT            6379 for a node, 26379 for a Sentinel
#   REDIS_TLS_DIR         /etc/monitoring/cluster-tls: member.crt, member.key, cluster-ca.crt
#   REDIS_DATA            /data: a node's append-only file, a Sentinel's state (sentinel.conf)
#   REDIS_BIND            "* -::*": the addresses to listen on
#   SENTINEL_QUORUM       2: Sentinels that must agree the primary is down
#   SENTINEL_DOWN_AFTER   5000: milliseconds without an answer before a Sentinel thinks the primary down
set -euf  # -f: no file-name expansion (the bind default has "*")

role=${1:?usage: redis-ha.sh node|sentinel}
: "${REDIS_PASSWORD:?set REDIS_PASSWORD to Redis's password}"
: "${REDIS_FIRST_PRIMARY:?set REDIS_FIRST_PRIMARY to host:port of the first primary}"
tls=${REDIS_TLS_DIR:-/etc/monitoring/cluster-tls}
data=${REDIS_DATA:-/data}
me=${REDIS_ANNOUNCE_HOST:-$(hostname)}
bind=${REDIS_BIND:-* -::*}
for file in member.crt member.key cluster-ca.crt; do
  [ -r "$tls/$file" ] || { echo "redis-ha.sh: $tls/$file is missing (REDIS_TLS_DIR)" >&2; exit 2; }
done

# The primary as the Sentinels know it ("host port"), else the first primary.
current_primary() {
  for sentinel in ${REDIS_SENTINELS:-}; do
    answer=$(redis-cli --tls --cacert "$tls/cluster-ca.crt" --user monitoring --pass "$REDIS_PASSWORD" --no-auth-warning \
      -h "${sentinel%:*}" -p "${sentinel##*:}" sentinel get-master-addr-by-name monitoring 2>/dev/null | tr '\n' ' ') || true
    # Two words: host and port (an error or "no such master" is not).
    set -- $answer
    if [ $# -eq 2 ]; then
      echo "$1 $2"
      return
    fi
  done
  echo "${REDIS_FIRST_PRIMARY%:*} ${REDIS_FIRST_PRIMARY##*:}"
}

case "$role" in
  node)
    port=${REDIS_PORT:-6379}
    set -- $(current_primary)
    primary_host=$1 primary_port=$2
    set -- --port 0 --tls-port "$port" --tls-auth-clients no --tls-replication yes \
      --tls-cert-file "$tls/member.crt" --tls-key-file "$tls/member.key" --tls-ca-cert-file "$tls/cluster-ca.crt" \
      --bind $bind --dir "$data" --appendonly yes --appendfsync always --save "" \
      --replica-announce-ip "$me" --replica-announce-port "$port" \
      --user default off --user monitoring on ">$REDIS_PASSWORD" "~*" "&*" "+@all" \
      --user replication on ">$REDIS_PASSWORD" +psync +sync +replconf +ping
    if [ "$primary_host" = "$me" ] && [ "$primary_port" = "$port" ]; then
      echo "redis-ha.sh: starting $me:$port as the primary"
      exec redis-server "$@"
    fi
    echo "redis-ha.sh: starting $me:$port as a replica of $primary_host:$primary_port"
    exec redis-server "$@" --replicaof "$primary_host" "$primary_port" --masteruser replication --masterauth "$REDIS_PASSWORD"
    ;;
  sentinel)
    port=${REDIS_PORT:-26379}
    conf="$data/sentinel.conf"
    # A Sentinel keeps what it learned (the primary now, the epoch) in its file: write it only the first time.
    if [ ! -s "$conf" ]; then
      set -- $(current_primary)
      echo "redis-ha.sh: a new Sentinel on $me:$port watching $1:$2"
      cat >"$conf" <<EOF
port 0
tls-port $port
tls-auth-clients no
tls-replication yes
tls-cert-file $tls/member.crt
tls-key-file $tls/member.key
tls-ca-cert-file $tls/cluster-ca.crt
bind $bind
dir $data
user default off
user monitoring on >$REDIS_PASSWORD ~* &* +@all
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $me
sentinel announce-port $port
sentinel sentinel-user monitoring
sentinel sentinel-pass $REDIS_PASSWORD
sentinel monitor monitoring $1 $2 ${SENTINEL_QUORUM:-2}
sentinel auth-user monitoring monitoring
sentinel auth-pass monitoring $REDIS_PASSWORD
sentinel down-after-milliseconds monitoring ${SENTINEL_DOWN_AFTER:-5000}
sentinel failover-timeout monitoring 60000
sentinel parallel-syncs monitoring 1
EOF
      chmod 600 "$conf"
    fi
    exec redis-server "$conf" --sentinel
    ;;
  *)
    echo "redis-ha.sh: unknown role '$role' (node or sentinel)" >&2
    exit 2
    ;;
esac
