#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: initdb in a new temporary folder, listening on
# 127.0.0.1 only (no Unix socket outside the folder), trust authentication for the local
# `postgres` user. Run as root, the server runs as the `postgres` system user.
#
#   Tests/Postgres/cluster.sh start      # prints the address: postgres://postgres@127.0.0.1:PORT/postgres
#   Tests/Postgres/cluster.sh start tls  # the same with TLS on: a self-signed certificate for
#                                        # 127.0.0.1 in DIR/server.crt (trust it with sslrootcert)
#   Tests/Postgres/cluster.sh stop DIR   # stops it and removes the folder (DIR is printed by start on stderr)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/steady-pg-XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200"
    if [ "${2:-}" = tls ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
            -keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
        chmod 600 "$dir/server.key"; chmod 644 "$dir/server.crt"
        [ "$(id -u)" = 0 ] && chown postgres "$dir/server.key" "$dir/server.crt"
        options="$options -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    fi
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -o "$options" start >/dev/null
    echo "$dir" >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=${2:?usage: cluster.sh stop DIR}
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: cluster.sh start | stop DIR" >&2; exit 2
    ;;
esac
