#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for tests: installs Debian's package when missing, creates
# a cluster under var/pgdata owned by the postgres user, starts it on $PG_PORT and prints its URL.
# Usage: scripts/postgres.sh start|stop|url
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT=${PG_PORT:-5433}
PGDATA=$PWD/var/pgdata
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/assistant_test"

as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case ${1:-start} in
  start)
    if [[ -z $PG_BIN ]]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
      PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    mkdir -p var
    if [[ ! -f $PGDATA/PG_VERSION ]]; then
      mkdir -p "$PGDATA" && chown postgres "$PGDATA" 2>/dev/null || true
      as_postgres "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
    fi
    # A server already answering on the port (this cluster, or another checkout's) is used as it is.
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && \
       ! as_postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1" >/dev/null 2>&1; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp" start >/dev/null
    fi
    as_postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='assistant_test'" | grep -q 1 || \
      as_postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE assistant_test"
    echo "$URL"
    ;;
  stop)
    [[ -n $PG_BIN && -f $PGDATA/PG_VERSION ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null || true
    ;;
  url) echo "$URL" ;;
esac
