#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for tests: installs Debian's package when missing, creates a
# cluster in a temporary folder outside the checkout (the postgres user must be able to enter it; a checkout
# in a folder other users cannot enter, a root user's home or a `mktemp -d`, would refuse it), starts it on
# $PG_PORT and prints its URL. Works as root (the cluster runs as postgres) and as an ordinary user.
# Usage: scripts/postgres.sh start|stop|url|psql ARGS...
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT=${PG_PORT:-5433}
# One cluster per checkout, so stopping it never stops another checkout's server.
PGDATA=${PGDATA:-/tmp/assistant-pg-$(id -u)-$(printf '%s' "$PWD" | md5sum | cut -c1-10)}
URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/assistant_test"

pg_bin() { find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1; }
PG_BIN=$(pg_bin)

as_postgres() {  # from a folder the postgres user can enter
  if [[ $(id -u) == 0 ]]; then (cd /tmp && runuser -u postgres -- "$@"); else (cd /tmp && "$@"); fi
}

case ${1:-start} in
  start)
    if [[ -z $PG_BIN ]]; then
      export DEBIAN_FRONTEND=noninteractive
      SUDO=(); [[ $(id -u) == 0 ]] || SUDO=(sudo)
      "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq postgresql >/dev/null
      PG_BIN=$(pg_bin)
    fi
    if [[ ! -f $PGDATA/PG_VERSION ]]; then
      mkdir -p "$PGDATA"
      if [[ $(id -u) == 0 ]]; then chown postgres "$PGDATA"; fi
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
    if [[ -n $PG_BIN && -f $PGDATA/PG_VERSION ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && \
        as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null
    fi
    true
    ;;
  url) echo "$URL" ;;
  psql) shift; as_postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@" ;;
esac
