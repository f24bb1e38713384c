#!/usr/bin/env bash
# The static gate, run first by `make test`: seconds, not minutes. ruff (lint and format, pyproject.toml),
# then ShellCheck on the scripts, the built widget current with its sources, and bot/ free of Rasa outside
# bot/rasa_ext (tests/unit/test_layering.py runs with the unit tests too).
set -euo pipefail
cd "$(dirname "$0")/.."
RUFF=.venv/actions/bin/ruff
"$RUFF" check .
"$RUFF" format --check .
command -v shellcheck >/dev/null || scripts/system_deps.sh
shellcheck -x scripts/*.sh .ci/run
.venv/actions/bin/python web/build.py --check
.venv/actions/bin/python -m pytest -q tests/unit/test_layering.py
