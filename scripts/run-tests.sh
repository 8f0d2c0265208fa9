#!/usr/bin/env bash
# Runs the suite on SQLite and, when a PostgreSQL server can be had, on PostgreSQL too.
# CI sets MERCATO_TEST_POSTGRES_URL (see .ci/run); locally we start one if we can.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MERCATO_TEST_POSTGRES_URL:-}" ]; then
  if url=$(scripts/test-postgres.sh 2>var-test-postgres.log); then
    export MERCATO_TEST_POSTGRES_URL="$url"
  else
    echo "WARNING: no PostgreSQL available (see var-test-postgres.log); running on SQLite only." >&2
  fi
  rm -f var-test-postgres.log
fi
scripts/test-browser.sh
if [ -n "${MERCATO_TEST_POSTGRES_URL:-}" ]; then
  echo "Testing on SQLite and on PostgreSQL."
else
  echo "Testing on SQLite."
fi
exec .venv/bin/pytest -n "${MERCATO_TEST_WORKERS:-2}" "$@"
