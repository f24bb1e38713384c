#!/usr/bin/env bash
# `make bench`: starts the assistant and two floor bots trained here on the fly that only give fixed
# responses (the bare `rasa init` bot, and a minimal Rasa bot), measures NLU quality, then runs
# scripts/bench.py. Writes docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_PORT=5405 ACTION_PORT=5455 LOG_DIR=var/log/bench TRACKER_DB=var/bench_conversations.db
# The benchmark measures the server's own capacity with scripted clients that send back to back; the turn limit
# per conversation (bot/rate_limit.py) is off here and tested by make scale.
export TURNS_PER_SECOND=0
source scripts/servers.sh
ROOT=$PWD
FLOOR=var/bench/floor
FLOOR_PORT=5406
INIT_FLOOR=var/bench/init_floor
INIT_FLOOR_PORT=5407
rm -f "$TRACKER_DB"
# Training uses every core; only the servers run TensorFlow on one thread (scripts/servers.sh).
TRAIN=(env -u TF_INTRA_OP_PARALLELISM_THREADS -u TF_INTER_OP_PARALLELISM_THREADS)

# Each training and test step writes its own log in $LOG_DIR; a step that fails shows the end of that log.
logged() {  # log-name command...
  local log=$ROOT/$LOG_DIR/$1.log
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "bench.sh: failed: $*" >&2
    echo "--- the last 40 lines of $log:" >&2
    tail -40 "$log" >&2
    return 1
  fi
}

mkdir -p "$FLOOR/data" var/results
cat >"$FLOOR/config.yml" <<'YML'
recipe: default.v1
language: en
assistant_id: floor
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: DIETClassifier
    epochs: 20
policies:
  - name: RulePolicy
YML
cat >"$FLOOR/domain.yml" <<'YML'
version: "3.1"
intents: [greet, say]
responses:
  utter_reply:
    - text: "Thank you."
YML
cat >"$FLOOR/data/nlu.yml" <<'YML'
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi
    - hello there
    - good morning
- intent: say
  examples: |
    - I have lung cancer
    - two spots in the liver
    - what is SBRT
    - yes
YML
cat >"$FLOOR/data/rules.yml" <<'YML'
version: "3.1"
rules:
- rule: greet
  steps:
  - intent: greet
  - action: utter_reply
- rule: say
  steps:
  - intent: say
  - action: utter_reply
YML
(cd "$FLOOR" && logged train_floor "${TRAIN[@]}" "$ROOT/$RASA" train --fixed-model-name floor --out models --quiet)
# `rasa init` writes the starter project and trains it with Rasa's default pipeline and policies.
if [[ ! -f "$INIT_FLOOR/models/floor.tar.gz" ]]; then
  rm -rf "$INIT_FLOOR" && mkdir -p "$INIT_FLOOR"
  (cd "$INIT_FLOOR" && logged train_init_floor "${TRAIN[@]}" "$ROOT/$RASA" init --no-prompt --init-dir .)
  mv "$INIT_FLOOR"/models/*.tar.gz "$INIT_FLOOR/models/floor.tar.gz"
fi

# Training time from an empty cache: `make model` reuses Rasa's training cache, so its time says little.
if [[ ! -f var/bench/training_seconds.txt || models/assistant.tar.gz -nt var/bench/training_seconds.txt ]]; then
  rm -rf var/bench/train_cache var/bench/train_out
  start=$SECONDS
  logged train_timing env RASA_CACHE_DIRECTORY="$ROOT/var/bench/train_cache" "${TRAIN[@]}" "$RASA" train \
    --domain domain --fixed-model-name timing --out var/bench/train_out --quiet
  echo $((SECONDS - start)) > var/bench/training_seconds.txt
  rm -rf var/bench/train_cache var/bench/train_out
fi
if [[ ! -f var/results/nlu_heldout/intent_report.json || models/assistant.tar.gz -nt var/results/nlu_heldout/intent_report.json ]]; then
  logged test_nlu_heldout "${TRAIN[@]}" "$RASA" test nlu --model models/assistant.tar.gz --nlu tests/nlu/heldout.yml \
    --out var/results/nlu_heldout --quiet
fi
if [[ ${BENCH_CV:-1} == 1 && ( ! -f var/results/nlu_cv/intent_report.json || models/assistant.tar.gz -nt var/results/nlu_cv/intent_report.json ) ]]; then
  # Optional: without it the benchmark goes on (its log says why it failed).
  logged test_nlu_cv "${TRAIN[@]}" "$RASA" test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 \
    --out var/results/nlu_cv --quiet || true
fi

trap stop_servers EXIT INT TERM
start_action_server; ACTION_PID=${PIDS[-1]}
start_rasa_server; RASA_PID=${PIDS[-1]}
"$RASA" run -m "$FLOOR/models/floor.tar.gz" -i 127.0.0.1 -p $FLOOR_PORT >"$LOG_DIR/floor.log" 2>&1 &
PIDS+=($!); NAMES+=(floor); FLOOR_PID=$!
"$RASA" run -m "$INIT_FLOOR/models/floor.tar.gz" -i 127.0.0.1 -p $INIT_FLOOR_PORT >"$LOG_DIR/init_floor.log" 2>&1 &
PIDS+=($!); NAMES+=(init_floor); INIT_FLOOR_PID=$!
wait_for_port "$ACTION_PORT" action_server
wait_for_port "$RASA_PORT" rasa_server
wait_for_port $FLOOR_PORT floor
wait_for_port $INIT_FLOOR_PORT init_floor
"$APY" scripts/bench.py --base "http://127.0.0.1:$RASA_PORT" --floor "http://127.0.0.1:$INIT_FLOOR_PORT" \
  --minimal-floor "http://127.0.0.1:$FLOOR_PORT" \
  --pids "Rasa server=$RASA_PID,action server=$ACTION_PID,rasa init floor=$INIT_FLOOR_PID,minimal floor=$FLOOR_PID" "$@"
