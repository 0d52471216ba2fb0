#!/usr/bin/env bash
# Install (if missing) what the test suite needs from Debian (PostgreSQL, Redis, Chromium for
# the browser tests), and start and stop the servers, on loopback only:
# PostgreSQL on 127.0.0.1:54329 and Redis on 127.0.0.1:63799, with data in a throwaway
# directory. Usage: scripts/test-services.sh start|stop|env
set -euo pipefail

PG_PORT=${RATSFLOW_PG_PORT:-54329}
REDIS_PORT=${RATSFLOW_REDIS_PORT:-63799}
DIR=${RATSFLOW_SERVICES_DIR:-${TMPDIR:-/tmp}/ratsflow-services}
PGDATA="$DIR/pg"

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    echo "$found"
}

as_pg() {
    # PostgreSQL refuses to run as root; use the postgres system user then.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_missing() {
    local wanted=()
    [ -n "$(pg_bin)" ] || wanted+=(postgresql)
    command -v redis-server >/dev/null || wanted+=(redis-server)
    [ -x /usr/bin/chromium ] || wanted+=(chromium)
    command -v msgfmt >/dev/null || wanted+=(gettext)
    [ ${#wanted[@]} -eq 0 ] && return
    if [ "$(id -u)" != 0 ]; then
        echo "Missing: ${wanted[*]}. Install them (apt-get install ${wanted[*]}) or run as root." >&2
        exit 1
    fi
    echo "Installing ${wanted[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
    # Debian starts its own clusters/servers on the default ports; we use our own.
    service postgresql stop >/dev/null 2>&1 || true
    service redis-server stop >/dev/null 2>&1 || true
}

start_postgres() {
    local bin; bin=$(pg_bin)
    mkdir -p "$DIR"; chmod 755 "$DIR"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        rm -rf "$PGDATA"; mkdir -p "$PGDATA"
        [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
        as_pg "$bin/initdb" -D "$PGDATA" -U ratsflow --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" \
            -o "-p $PG_PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
            start >/dev/null
    fi
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U ratsflow -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='ratsflow'" | grep -q 1 ||
        as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U ratsflow ratsflow
}

start_redis() {
    mkdir -p "$DIR/redis"
    if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DIR/redis" \
            --save "" --appendonly no --pidfile "$DIR/redis/redis.pid" \
            --logfile "$DIR/redis/redis.log"
        for _ in $(seq 50); do
            redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return
            sleep 0.1
        done
        echo "Redis did not start; see $DIR/redis/redis.log" >&2
        exit 1
    fi
}

stop_all() {
    local bin; bin=$(pg_bin)
    if [ -n "$bin" ] && [ -s "$PGDATA/PG_VERSION" ]; then
        as_pg "$bin/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    fi
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

print_env() {
    echo "DATABASE_URL=postgres://ratsflow@127.0.0.1:$PG_PORT/ratsflow"
    echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

case "${1:-}" in
    install) install_missing ;;
    start) install_missing; start_postgres; start_redis; print_env ;;
    stop) stop_all ;;
    env) print_env ;;
    *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
