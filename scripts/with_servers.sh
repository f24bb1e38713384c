#!/usr/bin/env bash
# Runs a command against the assistant: starts the action server and the Rasa server on their usual
# ports (127.0.0.1:5055 and :5005), runs the command, and stops both. Used by `make contract`.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOG_DIR=${LOG_DIR:-var/log/contract} TRACKER_DB=${TRACKER_DB:-var/contract_conversations.db}
source scripts/servers.sh
trap stop_servers EXIT INT TERM
start_action_server
start_rasa_server
wait_for_port "$ACTION_PORT" action_server
wait_for_port "$RASA_PORT" rasa_server
"$@"
