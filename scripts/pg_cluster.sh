#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks, on a Unix socket only (no TCP port):
#   scripts/pg_cluster.sh start DIR   initdb into DIR, start it, create database "jixiao", print its URL
#   scripts/pg_cluster.sh stop DIR    stop it and delete DIR
# Debian's server binaries (apt-get install postgresql) live in /usr/lib/postgresql/<version>/bin. The server
# refuses to run as root, so as root the cluster belongs to the "postgres" user Debian's package creates.
# fsync is off: the data is thrown away at the end, and the tests measure the store, not the disk.
set -euo pipefail

action=${1:?start or stop}
dir=${2:?directory}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c port=5432 -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "$bindir/psql" -h "$dir" -U postgres -d postgres -qAt -c "CREATE DATABASE jixiao" >/dev/null
    echo "postgresql://postgres@/jixiao?host=$dir"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
