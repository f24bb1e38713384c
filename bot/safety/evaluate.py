"""`python -m bot.safety.evaluate FILE [FILE…]`: recall per code and false alarms per kind on a red-flag set,
for each detector alone and both together (the figures of docs/benchmarks.md).

A set has `red: [{text, reason, level}]` and `calm: [{text, why}]` (bot/data/red_flag_rounds/round2.yml).
An urgent message counts as caught when any alert is raised (the person is told what to do now); `right
code` counts alerts whose reason is the labelled one. A calm message counts as a false alarm when any alert
is raised; a safety-net line is not an alarm.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Sequence

import yaml

from bot import safety

DETECTOR_SETS = {"rules": ("rules",), "classifier": ("classifier",), "both": ("rules", "classifier")}


def evaluate(cases: Dict[str, Any], detectors: Sequence[str]) -> Dict[str, Any]:
    caught, right, total = Counter(), Counter(), Counter()
    for case in cases["red"]:
        code = case.get("reason") or case.get("level", "any")
        total[code] += 1
        alerts = safety.detect_all(case["text"], detectors)
        caught[code] += bool(alerts)
        right[code] += any(a.reason == code for a in alerts)
    alarms, calm_total, nets = Counter(), Counter(), 0
    for case in cases["calm"]:
        case = case if isinstance(case, dict) else {"text": case}
        kind = case.get("why", "calm")
        calm_total[kind] += 1
        triage = safety.triage(case["text"], detectors)
        alarms[kind] += bool(triage.alerts)
        nets += bool(triage.safety_net)
    n_red, n_calm = sum(total.values()), sum(calm_total.values())
    return {
        "recall": round(sum(caught.values()) / n_red, 3) if n_red else None,
        "caught": sum(caught.values()),
        "red": n_red,
        "right_code": sum(right.values()),
        "false_alarm_rate": round(sum(alarms.values()) / n_calm, 3) if n_calm else None,
        "false_alarms": sum(alarms.values()),
        "calm": n_calm,
        "calm_with_safety_net": nets,
        "per_code": {c: f"{caught[c]}/{total[c]}" for c in total},
        "per_kind": {k: f"{alarms[k]}/{calm_total[k]}" for k in calm_total},
    }


def main(argv: Sequence[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out = {}
    for path in args.files:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[str(path)] = {name: evaluate(cases, dets) for name, dets in DETECTOR_SETS.items()}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    for path, results in out.items():
        print(path)
        for name, r in results.items():
            print(
                f"  {name:10s} urgent caught {r['caught']}/{r['red']} ({r['recall']:.1%}), right code {r['right_code']}; "
                f"false alarms {r['false_alarms']}/{r['calm']} ({r['false_alarm_rate']:.1%}); "
                f"safety net on {r['calm_with_safety_net']} calm"
            )
            print(f"             per code: {r['per_code']}")
            print(f"             false alarms per kind: {r['per_kind']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
