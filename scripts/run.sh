#!/usr/bin/env bash
# Starts the action server, the Rasa server and the widget demo page on loopback, prints where they are,
# and stops all three on Ctrl-C. `--shell` opens `rasa shell` for staff instead of the demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh

mode=${1:-serve}
trap stop_servers EXIT INT TERM
start_action_server
if [[ $mode == --shell ]]; then
  wait_for_port "$ACTION_PORT" action_server
  # rasa shell starts its own Rasa server in this process; the action server above serves it.
  "$RASA" shell -m models/assistant.tar.gz --endpoints endpoints.yml --quiet
  exit 0
fi
start_rasa_server
start_demo_page
wait_for_port "$ACTION_PORT" action_server
wait_for_port "$RASA_PORT" rasa_server
wait_for_port "$DEMO_PORT" demo_page
cat <<MSG

  The assistant is running (Ctrl-C stops it).
    Patient demo page (widget):  http://$HOST:$DEMO_PORT/
    REST channel:                http://$HOST:$RASA_PORT/webhooks/rest/webhook
    Socket.IO channel:           http://$HOST:$RASA_PORT/socket.io
    Action server:               http://$HOST:$ACTION_PORT/health
    Logs:                        $LOG_DIR/

MSG
wait -n "${PIDS[@]}" || true
echo "A server stopped; see $LOG_DIR/ for its log." >&2
