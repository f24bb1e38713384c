# Shared by run.sh and the test scripts: start and stop the three processes on loopback.
# shellcheck shell=bash
HOST=${HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
export ACTION_PORT=${ACTION_PORT:-5055}
DEMO_PORT=${DEMO_PORT:-8080}
LOG_DIR=${LOG_DIR:-var/log}
mkdir -p var/results
RASA=.venv/rasa/bin/rasa
APY=.venv/actions/bin/python
export PYTHONPATH=${PYTHONPATH:-$PWD}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
# The models are small: TensorFlow's thread pools cost more in hand-offs than they gain, and on a small
# machine they compete with the action server for the same cores (docs/benchmarks.md).
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export TRACKER_DB=${TRACKER_DB:-var/conversations.db}
mkdir -p "$LOG_DIR"
PIDS=()
NAMES=()   # the log name of each process in PIDS, so a failure names the process that died

check_configuration() {
  # The clinic's file and every vocabulary are checked before anything starts: a missing alert route's
  # phone number must stop the assistant here, not surface in front of a patient (bot/check.py).
  "$APY" -m bot.check >/dev/null || { echo "Fix the file named above, then start again." >&2; return 1; }
}

start_action_server() {
  check_configuration || return 1
  # rasa_sdk reads its bind address from SANIC_HOST; it would listen on every interface otherwise.
  SANIC_HOST=$HOST "$APY" -m rasa_sdk --actions actions --port "$ACTION_PORT" \
    >"$LOG_DIR/action_server.log" 2>&1 &
  PIDS+=($!); NAMES+=(action_server)
}

start_rasa_server() {
  # No --enable-api: the model API stays closed; only the channels in credentials.yml are served.
  # CORS: the demo page, plus the clinic's own sites (allowed_origins in config/clinic.yml).
  local origins
  read -r -a origins <<<"$("$APY" -c 'from bot.settings import clinic; print(" ".join(clinic().get("allowed_origins") or []))')"
  "$RASA" run -m models/assistant.tar.gz -i "$HOST" -p "$RASA_PORT" \
    --credentials credentials.yml --endpoints endpoints.yml \
    --cors "http://$HOST:$DEMO_PORT" "http://localhost:$DEMO_PORT" "${origins[@]}" \
    >"$LOG_DIR/rasa_server.log" 2>&1 &
  PIDS+=($!); NAMES+=(rasa_server)
}

start_demo_page() {
  "$APY" -m bot.demo_page --host "$HOST" --port "$DEMO_PORT" --rasa "http://$HOST:$RASA_PORT" \
    >"$LOG_DIR/demo_page.log" 2>&1 &
  PIDS+=($!); NAMES+=(demo_page)
}

wait_for_port() {  # port name
  local deadline=$((SECONDS + 300))
  until "$APY" - "$1" <<'PY' 2>/dev/null
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
PY
  do
    if ((SECONDS > deadline)); then echo "$2 did not start; see $LOG_DIR/$2.log" >&2; return 1; fi
    for i in "${!PIDS[@]}"; do
      if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
        local name=${NAMES[$i]:-$2}
        echo "$name exited while waiting for $2; see $LOG_DIR/$name.log" >&2; tail -20 "$LOG_DIR/$name.log" >&2; return 1
      fi
    done
    sleep 0.5
  done
}

stop_servers() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
