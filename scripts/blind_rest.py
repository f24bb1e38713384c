"""Blind sets through the REST channel of a running assistant (docs/benchmarks.md, "first looks").

    python scripts/blind_rest.py --base http://127.0.0.1:5005 redflags FILE
    python scripts/blind_rest.py --base ... questions FILE       # questions_blind_r1.yml format
    python scripts/blind_rest.py --base ... stories FILE         # reader_blind_r1.yml format

Each message starts a new conversation. `redflags`: an alert in the reply for each urgent message, none for
calm ones. `questions`: the content item of the reply against the labelled one; an unanswerable question
must get no item. `stories`: each story (cases with `asked: null`) is sent, then every question the
assistant asks is answered "I don't know", until an assessment arrives, a question comes a third time, or
twelve turns pass: the share that reach an assessment, and how many were asked a question three times.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conversations import rest_client  # noqa: E402


def _say(sender: str, text: str) -> List[Dict[str, Any]]:
    return rest_client.post(sender, text, timeout=60)


def redflags(cases: Dict[str, Any]) -> Dict[str, Any]:
    caught, total = Counter(), Counter()
    for case in cases["red"]:
        total[case["reason"]] += 1
        alert = rest_client.custom(_say("blind-rf-" + uuid.uuid4().hex[:10], case["text"]), "alert")
        caught[case["reason"]] += alert is not None
    alarms, calm = Counter(), Counter()
    for case in cases["calm"]:
        calm[case.get("why", "calm")] += 1
        alarms[case.get("why", "calm")] += (
            rest_client.custom(_say("blind-rf-" + uuid.uuid4().hex[:10], case["text"]), "alert") is not None
        )
    return {
        "caught": sum(caught.values()),
        "red": sum(total.values()),
        "false_alarms": sum(alarms.values()),
        "calm": sum(calm.values()),
        "per_code": {c: f"{caught[c]}/{total[c]}" for c in total},
        "per_kind": {k: f"{alarms[k]}/{calm[k]}" for k in calm},
    }


def questions(data: Dict[str, Any]) -> Dict[str, Any]:
    right = other = none = 0
    unanswerable = []
    for block in data["nlu"]:
        texts = [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        if block.get("intent") == "unanswerable":
            unanswerable.extend(texts)
            continue
        if not block.get("intent", "").startswith("question/"):
            continue
        gold = block["intent"].split("/", 1)[1]
        for text in texts:
            item = (rest_client.custom(_say("blind-q-" + uuid.uuid4().hex[:10], text), "content") or {}).get("id")
            right += item == gold
            other += item is not None and item != gold
            none += item is None
    guesses = 0
    for text in unanswerable:
        guesses += rest_client.custom(_say("blind-q-" + uuid.uuid4().hex[:10], text), "content") is not None
    n = right + other + none
    return {
        "questions": n,
        "right_item": round(right / n, 3),
        "other_item": round(other / n, 3),
        "no_item": round(none / n, 3),
        "unanswerable": len(unanswerable),
        "unanswerable_with_an_item": guesses,
    }


def stories(cases: List[Dict[str, Any]], max_turns: int = 12) -> Dict[str, Any]:
    reached = asked_thrice = total = 0
    turns = []
    for case in cases:
        if case.get("asked"):
            continue
        total += 1
        sender = "blind-s-" + uuid.uuid4().hex[:10]
        reply, asked, n = _say(sender, case["text"]), Counter(), 1
        while n < max_turns:
            if rest_client.custom(reply, "assessment") is not None:
                reached += 1
                turns.append(n)
                break
            question = rest_client.custom(reply, "ask") or None
            if not question:
                break
            asked[question] += 1
            if asked[question] >= 3:
                asked_thrice += 1
                break
            reply, n = _say(sender, "I don't know"), n + 1
    return {
        "stories": total,
        "reached_assessment": reached,
        "share": round(reached / max(total, 1), 3),
        "asked_a_question_three_times": asked_thrice,
        "mean_turns": round(sum(turns) / len(turns), 2) if turns else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default=os.environ.get("BASE_URL", "http://127.0.0.1:5005"))
    ap.add_argument("kind", choices=["redflags", "questions", "stories"])
    ap.add_argument("file", type=Path)
    args = ap.parse_args()
    rest_client.BASE_URL = args.base
    data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    result = {"redflags": redflags, "questions": questions, "stories": stories}[args.kind](data)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
