"""`python -m bot.check`: every configuration and data file checked before the assistant starts.

`make run` and the test scripts run it first and refuse to start on a bad file; the message names the file
and the key. Each loader checks its own file when it loads (bot.settings, bot.safety.data,
bot.reader.pipeline, bot.explain, bot.organs, bot.messages); this only makes them all load now, in a process of its own.
"""

from __future__ import annotations

import sys

from bot.config_errors import ConfigError


def check_all() -> None:
    from bot import explain, messages, organs, safety
    from bot.rasa_ext import action_faults
    from bot.reader import pipeline
    from bot.safety import data as safety_data
    from bot.settings import clinic

    raw = clinic().raw
    safety_data.flags()
    safety_data.examples()
    for name in pipeline.VOCAB_KEYS:
        pipeline.vocab(name)
    explain.categories()
    explain.boundaries()
    organs.organs()
    safety.urgent_card(raw)
    action_faults.service_problem(raw)
    messages.message("english_only", raw, language="Spanish")


def main() -> int:
    try:
        check_all()
    except ConfigError as e:
        print(f"Configuration problem, the assistant will not start: {e}", file=sys.stderr)
        return 1
    print("configuration and data files: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
