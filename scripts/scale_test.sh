#!/usr/bin/env bash
# Scale-out on proven parts, all on loopback: PostgreSQL tracker store, Redis lock store, two Rasa
# replicas and two action servers behind nginx. Then tests/scale drives conversations whose turns
# alternate between replicas and kills one replica mid-conversation.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOG_DIR=var/log/scale
source scripts/servers.sh
SCALE=var/scale
mkdir -p "$SCALE" "$LOG_DIR"

need=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v redis-server >/dev/null || need+=(redis-server)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

cleanup() {
  stop_servers
  if [[ -f $SCALE/nginx.pid ]]; then kill "$(cat "$SCALE/nginx.pid")" 2>/dev/null || true; fi
  if [[ -n ${REDIS_PID:-} ]]; then kill "$REDIS_PID" 2>/dev/null || true; fi
  scripts/postgres.sh stop || true
  if [[ -n ${NGINX_TMP:-} ]]; then rm -rf "$NGINX_TMP"; fi
}
trap cleanup EXIT INT TERM

scripts/postgres.sh start >/dev/null
scripts/postgres.sh psql -qc "DROP DATABASE IF EXISTS tracker_scale"
scripts/postgres.sh psql -qc "CREATE DATABASE tracker_scale"
export TRACKER_DB_URL="postgresql://postgres@127.0.0.1:${PG_PORT:-5433}/tracker_scale"
export REDIS_HOST=127.0.0.1 REDIS_PORT=6380
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$LOG_DIR/redis.log" 2>&1 &
REDIS_PID=$!

NGINX_TMP=$(mktemp -d /tmp/assistant-nginx.XXXXXX)
chmod 1777 "$NGINX_TMP"
cat >"$SCALE/nginx.conf" <<CONF
pid $PWD/$SCALE/nginx.pid;
error_log $PWD/$LOG_DIR/nginx_error.log;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  # nginx's workers run as another user, who may not be able to enter the checkout (a chmod 700 folder): its
  # temporary files go to a folder of their own outside it, and request bodies stay in memory where they can.
  client_body_buffer_size 1m;
  client_body_temp_path $NGINX_TMP/body; proxy_temp_path $NGINX_TMP/proxy;
  fastcgi_temp_path $NGINX_TMP/fcgi; uwsgi_temp_path $NGINX_TMP/uwsgi; scgi_temp_path $NGINX_TMP/scgi;
  # Requests per client address, with a burst: one address sending as fast as it can is refused (429) here,
  # before it reaches a replica; the channels also refuse more than a few turns a second per conversation.
  limit_req_zone \$binary_remote_addr zone=per_client:10m rate=10r/s;
  limit_req_status 429;
  upstream rasa { server 127.0.0.1:5301 max_fails=1 fail_timeout=5s; server 127.0.0.1:5302 max_fails=1 fail_timeout=5s; }
  upstream actions { server 127.0.0.1:5351; server 127.0.0.1:5352; }
  server { listen 127.0.0.1:5300; location / { limit_req zone=per_client burst=20 nodelay; proxy_pass http://rasa; proxy_next_upstream error timeout http_502 http_503;
           proxy_http_version 1.1; proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection "upgrade"; } }
  server { listen 127.0.0.1:5350; location / { proxy_pass http://actions; } }
}
CONF
"$NGINX" -c "$PWD/$SCALE/nginx.conf" -p "$PWD/$SCALE" >"$LOG_DIR/nginx.log" 2>&1

export ACTION_ENDPOINT_URL=http://127.0.0.1:5350/webhook
for port in 5351 5352; do
  SANIC_HOST=127.0.0.1 "$APY" -m rasa_sdk --actions actions --port $port >"$LOG_DIR/actions_$port.log" 2>&1 &
  PIDS+=($!); NAMES+=("actions_$port")
done
REPLICA_PIDS=()
for port in 5301 5302; do
  "$RASA" run -m models/assistant.tar.gz -i 127.0.0.1 -p $port --credentials credentials.yml \
    --endpoints deploy/endpoints.scale.yml >"$LOG_DIR/rasa_$port.log" 2>&1 &
  PIDS+=($!); NAMES+=("rasa_$port"); REPLICA_PIDS+=($!)
done
for port in 5351 5352 5301 5302 5300; do wait_for_port $port "scale_$port"; done

REPLICAS="http://127.0.0.1:5301,http://127.0.0.1:5302" REPLICA_PIDS="${REPLICA_PIDS[*]}" \
  LB_URL=http://127.0.0.1:5300 TRACKER_DB_URL_TEST="postgresql+psycopg://postgres@127.0.0.1:${PG_PORT:-5433}/tracker_scale" \
  "$APY" -m pytest -q tests/scale
