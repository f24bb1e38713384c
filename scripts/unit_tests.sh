#!/usr/bin/env bash
# Unit tests of bot/ and actions/ (no trained model), with the content store also loaded into a real
# PostgreSQL server on loopback (installed and started by scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
url=$(scripts/postgres.sh start) || { echo "unit_tests.sh: PostgreSQL could not be started" >&2; exit 1; }
TEST_POSTGRES_URL=$url REQUIRE_POSTGRES=1 exec .venv/actions/bin/python -m pytest -q -p no:cacheprovider tests/unit "$@"
