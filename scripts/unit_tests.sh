#!/usr/bin/env bash
# Unit tests (no trained model): bot/ and actions/ in the action server's environment, with the content
# store also loaded into a real PostgreSQL server on loopback (installed and started by
# scripts/postgres.sh); then the Rasa extensions (bot/rasa_ext) in the Rasa server's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'scripts/postgres.sh stop' EXIT
url=$(scripts/postgres.sh start) || { echo "unit_tests.sh: PostgreSQL could not be started" >&2; exit 1; }
TEST_POSTGRES_URL=$url REQUIRE_POSTGRES=1 .venv/actions/bin/python -m pytest -q tests/unit "$@"
PYTHONPATH=$PWD SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false \
  .venv/rasa/bin/python -m pytest -q tests/rasa_ext -W ignore::DeprecationWarning
