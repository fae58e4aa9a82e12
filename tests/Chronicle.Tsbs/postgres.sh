#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the TSBS suite (tests/Chronicle.Tsbs).
#
#   postgres.sh check                 exit 0 when PostgreSQL 15 binaries are installed; print the bin dir
#   postgres.sh install               apt-get install -y postgresql-15 (as root)
#   postgres.sh start <dir> <port>    initdb <dir>/data and start a server on 127.0.0.1:<port>
#                                     (unix socket in <dir>), trust authentication, user postgres
#   postgres.sh stop <dir>            stop that server (fast shutdown); the caller deletes <dir>
#
# initdb and postgres refuse to run as root: when run as root, the server runs as the `postgres`
# user (runuser), and <dir> is handed to that user.
set -euo pipefail

find_bin() {
  for candidate in /usr/lib/postgresql/15/bin /usr/local/pgsql/bin /usr/pgsql-15/bin; do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    local bindir
    bindir=$(pg_config --bindir)
    if [[ -x "$bindir/initdb" ]] && "$bindir/postgres" --version | grep -q ' 15\.'; then
      echo "$bindir"
      return 0
    fi
  fi
  return 1
}

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

usage() {
  echo "usage: $0 check | install | start <dir> <port> | stop <dir>" >&2
  exit 2
}

command=${1:-}
case "$command" in
  check)
    find_bin || { echo "PostgreSQL 15 binaries not found (try: $0 install)" >&2; exit 1; }
    ;;
  install)
    if [[ $(id -u) -ne 0 ]]; then echo "install needs root" >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15
    ;;
  start)
    [[ $# -eq 3 ]] || usage
    dir=$2
    port=$3
    bin=$(find_bin) || { "$0" install >&2 && bin=$(find_bin); }
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown postgres "$dir"
      chmod 700 "$dir"
      # The server user must be able to reach <dir>: make its parents traversable.
      parent=$(dirname "$dir")
      while [[ "$parent" != "/" ]]; do chmod o+x "$parent" 2>/dev/null || true; parent=$(dirname "$parent"); done
    fi
    as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c timezone=UTC" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres listening on 127.0.0.1:$port (data $dir/data, bin $bin)"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    dir=$2
    bin=$(find_bin)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  *)
    usage
    ;;
esac
