#!/usr/bin/env bash
# Real-browser tests of the chat widget (tests/browser): starts the action server, the Rasa server and the
# demo page on their own ports, runs pytest with headless Debian Chromium, and always stops the servers.
# Extra arguments go to pytest (e.g. scripts/browser_tests.sh -k alert). Screenshots: tests/browser/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_PORT=${RASA_PORT:-5205} ACTION_PORT=${ACTION_PORT:-5255} DEMO_PORT=${DEMO_PORT:-8280}
export LOG_DIR=${LOG_DIR:-var/log/browser} TRACKER_DB=${TRACKER_DB:-var/test_browser.db}

bash scripts/system_deps.sh
source scripts/servers.sh
BROWSER_PY=${BROWSER_PY:-$APY}
if ! "$BROWSER_PY" -c "import playwright, pytest, pytest_timeout" 2>/dev/null; then
  echo "Installing the browser-test packages into $BROWSER_PY's environment" >&2
  "$BROWSER_PY" -m pip install -q -r tests/browser/requirements.txt
fi
"$BROWSER_PY" web/build.py --check

trap stop_servers EXIT INT TERM
start_action_server
start_rasa_server
start_demo_page
wait_for_port "$ACTION_PORT" action_server
wait_for_port "$DEMO_PORT" demo_page
wait_for_port "$RASA_PORT" rasa_server

DEMO_URL="http://$HOST:$DEMO_PORT" REQUIRE_REAL_SERVERS=1 \
  "$BROWSER_PY" -m pytest -q tests/browser "$@"
