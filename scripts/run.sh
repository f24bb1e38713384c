#!/usr/bin/env bash
# Starts the action server, the Rasa server and the widget demo page on loopback, prints where they are,
# and stops all three on Ctrl-C. `--shell` opens `rasa shell` for staff instead of the demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh

mode=${1:-serve}
trap stop_servers EXIT INT TERM
if [[ $mode == --shell ]]; then
  # Its own ports and conversation store, so staff can try conversations while `make run` serves patients;
  # loopback only (rasa shell would listen on every interface otherwise).
  export ACTION_PORT=${SHELL_ACTION_PORT:-5056} TRACKER_DB=${SHELL_TRACKER_DB:-var/shell_conversations.db}
  LOG_DIR=${LOG_DIR:-var/log}/shell; mkdir -p "$LOG_DIR"
  start_action_server
  wait_for_port "$ACTION_PORT" action_server
  cat <<MSG

  rasa shell: type as a patient would. Buttons are numbered: type the number to choose one.
  To leave, type /stop (or press Ctrl-C). Conversations go to $TRACKER_DB, not the patients' store.

MSG
  "$RASA" shell -m models/assistant.tar.gz --endpoints endpoints.yml -i "$HOST" -p "${SHELL_RASA_PORT:-5006}" --quiet
  exit 0
fi
start_action_server
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
