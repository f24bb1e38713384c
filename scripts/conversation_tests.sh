#!/usr/bin/env bash
# Conversation tests against the trained model: Rasa test stories in-process, then whole situations
# through the REST channel of a running server (tests/conversations), then the shared contract check.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_PORT=${RASA_PORT:-5105} ACTION_PORT=${ACTION_PORT:-5155} LOG_DIR=${LOG_DIR:-var/log/test}
export TRACKER_DB=${TRACKER_DB:-var/test_conversations.db}
source scripts/servers.sh
trap stop_servers EXIT INT TERM
start_action_server
start_rasa_server
wait_for_port "$ACTION_PORT" action_server
wait_for_port "$RASA_PORT" rasa_server

"$RASA" test core --model models/assistant.tar.gz --stories tests/conversations/test_stories.yml \
  --endpoints endpoints.yml --fail-on-prediction-errors --out var/results/core --quiet

BASE_URL="http://$HOST:$RASA_PORT" "$APY" -m pytest -q tests/conversations
if [[ -f ../shared/tools/contract_check.py ]]; then
  "$APY" ../shared/tools/contract_check.py --base "http://$HOST:$RASA_PORT" --json var/results/contract.json
fi
# Last, because they pause and then stop the action server: the Rasa process must answer on its own.
ACTION_PID=${PIDS[0]} BASE_URL="http://$HOST:$RASA_PORT" "$APY" -m pytest -q tests/faults
