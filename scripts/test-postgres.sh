#!/usr/bin/env bash
# Makes sure a PostgreSQL server for the tests runs on 127.0.0.1 and prints its URL.
# As root (CI, fresh machines) it installs PostgreSQL when missing and uses the packaged
# cluster; as another user it runs a private cluster under var/test-postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
USER_NAME=mercato
PASSWORD=mercato
DATABASE=mercato_test

# Test clusters run without fsync: a crash loses nothing the tests need, and creating and
# dropping a database per test then takes milliseconds instead of a checkpoint each.
TUNING="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

if [ "$(id -u)" = "0" ]; then
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "installing PostgreSQL" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  fi
  # A cluster of its own, so the machine's default cluster keeps its settings.
  version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  PORT=${MERCATO_TEST_POSTGRES_PORT:-54329}
  if ! pg_lsclusters --no-header | awk '{print $2}' | grep -qx mercato_test; then
    pg_createcluster "$version" mercato_test --port "$PORT" >&2
    for setting in fsync=off synchronous_commit=off full_page_writes=off; do
      echo "$setting" >> "/etc/postgresql/$version/mercato_test/postgresql.conf"
    done
  fi
  cluster=$(pg_lsclusters --no-header | awk '$2 == "mercato_test"')
  version=$(echo "$cluster" | awk '{print $1}')
  PORT=$(echo "$cluster" | awk '{print $3}')
  if ! echo "$cluster" | grep -q online; then
    pg_ctlcluster "$version" mercato_test start >&2
  fi
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -p "$PORT" && break
    sleep 1
  done
  psql_as_postgres() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }
else
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$BIN" ] || { echo "PostgreSQL is not installed" >&2; exit 1; }
  DATA=var/test-postgres
  PORT=${MERCATO_TEST_POSTGRES_PORT:-54329}
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >&2
  fi
  if ! "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 $TUNING" -w start >&2
  fi
  psql_as_postgres() { psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
fi

if [ "$(psql_as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" != "1" ]; then
  psql_as_postgres -c "CREATE ROLE $USER_NAME LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
fi
# The tests drop their per-process databases WITH (FORCE), which must be able to end any
# session still attached, including ones of other roles.
psql_as_postgres -c "GRANT pg_signal_backend TO $USER_NAME" >&2
if [ "$(psql_as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  psql_as_postgres -c "CREATE DATABASE $DATABASE OWNER $USER_NAME" >&2
fi
echo "postgresql://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
