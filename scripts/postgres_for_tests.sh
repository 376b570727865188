#!/usr/bin/env bash
# Runs the given command with a throwaway PostgreSQL server, its URL in TEST_POSTGRES_URL.
# PostgreSQL is the production database, so the tests use a real server, never a mock.
# TEST_POSTGRES_RESTART names a script that restarts that server (fast shutdown, then start),
# for the test that restarts the database in the middle of conversations.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"  # runuser lives there; a minimal CI PATH may lack it
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL for the tests (apt-get install postgresql)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(find_bin)
  fi
fi
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL server binaries not found. Install them (Debian/Ubuntu: apt-get install postgresql) and run again." >&2
  exit 1
fi
DIR=$(mktemp -d /tmp/wegwijzer-pg.XXXXXX)
chmod 755 "$DIR"
# A free port unless one is given: two checkouts may run their tests at the same time.
PORT=${TEST_POSTGRES_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
as_pg "$PGBIN/initdb" -D "$DIR/data" -U wegwijzer --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
AS_PG=$( [ "$(id -u)" = 0 ] && echo "runuser -u postgres --" || true )
cat > "$DIR/restart" <<SCRIPT
#!/usr/bin/env bash
# Restarts the test server: fast shutdown (open connections are cut), then start again.
# With an argument: stays down that many seconds in between.
set -euo pipefail
if [ "\${1:-0}" = 0 ]; then
  $AS_PG "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -m fast -w restart >/dev/null
else
  $AS_PG "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  sleep "\$1"
  $AS_PG "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
fi
SCRIPT
chmod 755 "$DIR/restart"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
export TEST_POSTGRES_URL="postgresql://wegwijzer@127.0.0.1:$PORT/postgres"
export TEST_POSTGRES_RESTART="$DIR/restart"
"$@"
