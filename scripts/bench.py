"""Benchmarks of the running assistant (scripts/bench.sh starts it): prints figures and writes
docs/benchmarks.md. Targets are reported, not asserted (DEVELOPERS.md: speed lives in benchmarks).

Measures, in one run on one machine:
- per-turn latency p50/p95 through the REST channel for whole scripted conversations, beside two floors
  trained on the fly that only echo fixed responses: the bare `rasa init` bot (Rasa's default pipeline and
  policies, the floor the targets are measured against) and a minimal bot (one small classifier, rules
  only), the least any Rasa 3.6 turn costs;
- throughput and p95 with 1, 10, 50 and 100 simulated patients at once (Locust, headless:
  scripts/locustfile.py), each running whole conversations with 3-8 s to read and type between turns, and
  the capacity with 10 patients sending turns back to back;
- each process's peak memory (VmHWM), the model's training time from an empty cache, and the
  clinical reader's sentences per second;
- NLU quality: intent macro-F1 on the held-out phrasings and with cross-validation (from rasa test nlu).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conversations import rest_client  # noqa: E402

CONVERSATIONS = yaml.safe_load((ROOT / "tests" / "conversations" / "situations.yml").read_text())


def post(base: str, sender: str, message: str) -> Tuple[List[dict], float]:
    """One turn through the tests' REST client and its milliseconds; a refusal (429) is an error, not retried:
    bench.sh turns the per-conversation limit off, and a retry's wait would be counted as the turn's time."""
    t = time.perf_counter()
    out = rest_client.post(sender, message, timeout=60, retries=1, base=base)
    return out, (time.perf_counter() - t) * 1000


custom = rest_client.custom


def conversation(
    base: str, situation: dict, floor: bool = False, think: Tuple[float, float] = (0.0, 0.0)
) -> Tuple[List[float], bool]:
    """One patient: story, answers, then two questions after the assessment. Returns turn latencies.
    `think`: seconds the patient takes to read and type before each later turn (uniform between the two)."""
    sender = "bench-" + uuid.uuid4().hex[:12]
    lat: List[float] = []

    def say(message: str) -> Tuple[List[dict], float]:
        if think[1] > 0:
            time.sleep(random.uniform(*think))
        return post(base, sender, message)

    msgs, ms = post(base, sender, situation["story"])
    lat.append(ms)
    ok = True
    if not floor:
        for _ in range(14):
            if custom(msgs, "assessment") is not None:
                break
            ask = custom(msgs, "ask")
            if ask is None:
                ok = False
                break
            msgs, ms = say(situation["answers"].get(ask, "I don't know"))
            lat.append(ms)
        for q in ("what is SBRT?", "how do I get a referral?"):
            _, ms = say(q)
            lat.append(ms)
    else:
        # The floors get the same kinds of message: the story, the answers, the questions.
        for message in list(situation["answers"].values()) + ["what is SBRT?", "how do I get a referral?"]:
            _, ms = say(message)
            lat.append(ms)
    return lat, ok


def pct(values: List[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] if s else float("nan")


def sequential(base: str, n: int, floor: bool = False) -> List[float]:
    lat: List[float] = []
    for i in range(n):
        turns, _ = conversation(base, CONVERSATIONS[i % len(CONVERSATIONS)], floor)
        lat.extend(turns)
    return lat


def load(base: str, users: int, seconds: float, think: Tuple[float, float] = (0.0, 0.0)) -> Dict[str, float]:
    """`users` simulated patients at once for `seconds` (Locust, headless: scripts/locustfile.py), each
    repeating whole conversations and thinking `think` seconds between turns ((0, 0): back to back, which
    measures the most turns per second the server can take)."""
    import csv

    out = ROOT / "var" / "results" / f"locust_{users}_{think[1]:g}"
    env = {**os.environ, "THINK_MIN": str(think[0]), "THINK_MAX": str(think[1])}
    subprocess.run(
        [
            os.environ.get("LOCUST", "locust"),
            "-f",
            str(ROOT / "scripts" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds:g}s",
            "--host",
            base,
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{out}_stats.csv"))}
    total = rows["Aggregated"]
    return {
        "users": users,
        "turns": int(total["Request Count"]),
        "turns_per_s": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "failed": int(total["Failure Count"]),
        "think": list(think),
    }


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (Sanic serves the actions from a worker
    process), as the sum of each one's peak."""

    def tree(p: int) -> List[int]:
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        return [p] + [q for c in children for q in tree(int(c))]

    total = 0.0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total or float("nan")


def reader_speed() -> float:
    import sys

    sys.path.insert(0, str(ROOT))
    from bot.reader import read

    cases = yaml.safe_load((ROOT / "tests" / "unit" / "reader_cases.yml").read_text())
    texts = [c["text"] for c in cases]
    read("warm up")
    t = time.perf_counter()
    sentences = 0
    for _ in range(3):
        for text in texts:
            read(text)
            sentences += max(1, text.count(".") + text.count("?") + text.count("!"))
    return sentences / (time.perf_counter() - t)


def heldout_questions() -> List[Tuple[str, str]]:
    data = yaml.safe_load((ROOT / "tests" / "nlu" / "questions_heldout.yml").read_text())
    return [
        (block["intent"].split("/", 1)[1], line.strip()[2:])
        for block in data["nlu"]
        for line in block["examples"].strip().splitlines()
    ]


def questions_through_the_assistant(base: str) -> Dict[str, float]:
    """Each held-out question as the first message of a new conversation, through the REST channel: how
    often the reply is the right content item, another item, or no item (not read as a question, or the
    store had nothing good enough)."""
    right = other = 0
    cases = heldout_questions()
    for gold, text in cases:
        msgs, _ = post(base, "bench-q-" + uuid.uuid4().hex[:12], text)
        item = (custom(msgs, "content") or {}).get("id")
        right += item == gold
        other += item is not None and item != gold
    n = len(cases)
    return {
        "questions_heldout_answered_right_item": right / n,
        "questions_heldout_answered_other_item": other / n,
        "questions_heldout_answered_no_item": (n - right - other) / n,
    }


def question_items() -> Dict[str, float]:
    """Which content item answers each held-out question (tests/nlu/questions_heldout.yml), as
    action_answer_question picks it: the store's search, answered only above its score threshold."""
    import sys

    sys.path.insert(0, str(ROOT))
    from bot.content import ContentStore

    store = ContentStore()
    cases = heldout_questions()
    right = wrong = 0
    for gold, text in cases:
        item, _closest = store.answer(text)
        if item is not None:
            right += item.id == gold
            wrong += item.id != gold
    n = len(cases)
    return {
        "questions_heldout_search_right_item": right / n,
        "questions_heldout_search_other_item": wrong / n,
        "questions_heldout_search_no_item": (n - right - wrong) / n,
    }


def reader_f1() -> Dict[str, float]:
    """Slot-level precision/recall/F1 of the clinical reader. Rasa NLU extracts no entities here (the reader
    does), so this is the project's entity F1: on held-out phrasings, and on the development ones."""
    import sys

    sys.path.insert(0, str(ROOT))
    return {
        **_reader_scores(
            [ROOT / "tests" / "unit" / "reader_cases.yml", ROOT / "tests" / "unit" / "reader_cases_round2.yml"],
            "reader_dev",
        ),
        **_reader_scores([ROOT / "tests" / "nlu" / "reader_heldout.yml"], "reader_heldout"),
    }


def _reader_scores(paths: List[Path], name: str) -> Dict[str, float]:
    from datetime import date as _date

    from bot.reader import read
    from bot.slots import normalise

    cases = [case for path in paths if path.exists() for case in yaml.safe_load(path.read_text())]
    if not cases:
        return {}
    tp = fp = fn = 0
    for case in cases:
        got = read(case["text"], asked=case.get("asked"), today=_date(2026, 11, 22))
        expect = {k: normalise(k, v) for k, v in (case.get("expect") or {}).items()}
        for slot, value in expect.items():
            same = (
                sorted(got[slot]) == sorted(value)
                if isinstance(value, list) and isinstance(got.get(slot), list)
                else got.get(slot) == value
            )
            if same:
                tp += 1
            else:
                fn += 1
                fp += slot in got
        fp += sum(1 for slot in case.get("absent") or [] if slot in got)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        f"{name}_slot_precision": precision,
        f"{name}_slot_recall": recall,
        f"{name}_slot_f1": 2 * precision * recall / max(precision + recall, 1e-9),
    }


def nlu_quality() -> Dict[str, float]:
    out: Dict[str, float] = {}
    for name, folder in (("heldout", "var/results/nlu_heldout"), ("cross_validation", "var/results/nlu_cv")):
        report = ROOT / folder / "intent_report.json"
        if report.exists():
            r = json.loads(report.read_text())
            out[f"{name}_intent_macro_f1"] = r["macro avg"]["f1-score"]
            out[f"{name}_accuracy"] = r.get("accuracy", float("nan"))
    out.update(question_items())
    out.update(reader_f1())
    return out


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB memory, {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--floor", required=True, help="the bare `rasa init` bot")
    ap.add_argument("--minimal-floor", required=True, help="a minimal Rasa bot")
    ap.add_argument("--pids", default="", help="name=pid,... of processes whose peak memory to report")
    ap.add_argument("--seconds", type=float, default=45, help="per load level")
    ap.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(3.0, 8.0),
        help="seconds a simulated patient takes between turns (uniform min max)",
    )
    ap.add_argument("--conversations", type=int, default=40)
    args = ap.parse_args()

    sequential(args.base, 2)
    sequential(args.floor, 2, floor=True)
    sequential(args.minimal_floor, 2, floor=True)
    ours = sequential(args.base, args.conversations)
    floor = sequential(args.floor, args.conversations, floor=True)
    minimal = sequential(args.minimal_floor, args.conversations, floor=True)
    levels = [load(args.base, users, args.seconds, tuple(args.think)) for users in (1, 10, 50, 100)]
    saturation = load(args.base, 10, 20)
    memory = {
        name: peak_memory_mb(int(pid)) for name, pid in (item.split("=") for item in args.pids.split(",") if item)
    }
    training = ROOT / "var" / "bench" / "training_seconds.txt"  # from an empty cache (scripts/bench.sh)
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "turn_ms": {"p50": pct(ours, 0.5), "p95": pct(ours, 0.95), "n": len(ours)},
        "floor_turn_ms": {"p50": pct(floor, 0.5), "p95": pct(floor, 0.95), "n": len(floor)},
        "minimal_floor_turn_ms": {"p50": pct(minimal, 0.5), "p95": pct(minimal, 0.95), "n": len(minimal)},
        "load": levels,
        "saturation": saturation,
        "peak_memory_mb": memory,
        "training_seconds": float(training.read_text()) if training.exists() else None,
        "reader_sentences_per_s": reader_speed(),
        "nlu": {**nlu_quality(), **questions_through_the_assistant(args.base)},
    }
    results["p95_ratio_to_floor"] = results["turn_ms"]["p95"] / results["floor_turn_ms"]["p95"]
    results["p95_ratio_to_minimal_floor"] = results["turn_ms"]["p95"] / results["minimal_floor_turn_ms"]["p95"]
    (ROOT / "var" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "results" / "bench.json").write_text(json.dumps(results, indent=1))
    report = render(results)
    (ROOT / "docs").mkdir(exist_ok=True)
    path = ROOT / "docs" / "benchmarks.md"
    report = report.rstrip("\n") + "\n\n" + kept_sections(path)
    path.write_text(report)
    print(report)


FIRST_LOOKS = "## Blind sets: first looks"


def kept_sections(path: Path) -> str:
    """The first-look records of the blind sets are history, not a measurement of this run: kept as written."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return old[old.index(FIRST_LOOKS) :] if FIRST_LOOKS in old else ""


def render(r: dict) -> str:
    t, f, m = r["turn_ms"], r["floor_turn_ms"], r["minimal_floor_turn_ms"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured {r['date']} by `make bench` on {r['machine']}. Figures from one run; re-run to compare.",
        "",
        "## One patient at a time (REST channel, whole scripted conversations)",
        "",
        "| | p50 ms | p95 ms | turns |",
        "|---|---|---|---|",
        f"| this assistant | {t['p50']:.1f} | {t['p95']:.1f} | {t['n']} |",
        f"| floor: the bare `rasa init` bot, fixed responses | {f['p50']:.1f} | {f['p95']:.1f} | {f['n']} |",
        f"| minimal Rasa bot: one small classifier, rules only | {m['p50']:.1f} | {m['p95']:.1f} | {m['n']} |",
        "",
        f"p95 ratio to the floor: **{r['p95_ratio_to_floor']:.2f}** (target: at most 2); to the minimal bot: "
        f"{r['p95_ratio_to_minimal_floor']:.2f}.",
        "",
        "All three run with TensorFlow on one thread per process (scripts/servers.sh), on the same machine at the",
        "same time. The assistant's turn does what neither floor does: two or three calls to the action server",
        "(clinical reader, framework, content store) and a SQL tracker store that redacts.",
        "",
        "## Patients at once",
        "",
        f"Simulated by Locust (headless, scripts/locustfile.py). "
        f"Each simulated patient runs whole conversations and takes {r['load'][0]['think'][0]:g}–"
        f"{r['load'][0]['think'][1]:g} s to read and type before each turn after the first, and patients arrive",
        "at random moments within that time (real patients take longer, so this is a heavier load than the same",
        "number of real people).",
        "",
        "| patients | turns/s | p50 ms | p95 ms | failed turns |",
        "|---|---|---|---|---|",
    ]
    for level in r["load"]:
        lines.append(
            f"| {level['users']} | {level['turns_per_s']:.1f} | {level['p50']:.0f} | {level['p95']:.0f} | "
            f"{level['failed']} |"
        )
    sat = r["saturation"]
    lines += [
        "",
        f"Capacity: with 10 patients sending turns back to back (no thinking), the server took "
        f"**{sat['turns_per_s']:.1f} turns/s** (p50 {sat['p50']:.0f} ms, p95 {sat['p95']:.0f} ms, "
        f"{sat['failed']} failed).",
        "",
        "Target: 50 patients at once with p95 under 500 ms and no failed turn.",
        "",
        "## Resources",
        "",
        "| what | value |",
        "|---|---|",
    ]
    for name, mb in r["peak_memory_mb"].items():
        lines.append(f"| peak memory, {name} | {mb:.0f} MB |")
    if r["training_seconds"]:
        lines.append(f"| model training time (empty cache, all cores) | {r['training_seconds']:.0f} s |")
    lines.append(f"| clinical reader | {r['reader_sentences_per_s']:.0f} sentences/s |")
    lines += ["", "## NLU quality", "", "| measure | value |", "|---|---|"]
    for k, v in r["nlu"].items():
        lines.append(f"| {k.replace('_', ' ')} | {v:.3f} |")
    lines += [
        "",
        "Target: intent macro-F1 at least 0.95 on the held-out phrasings (tests/nlu/heldout.yml).",
        "Questions: `questions heldout` are patient questions labelled with the content item that answers them",
        "(tests/nlu/questions_heldout.yml, written from the items' titles without seeing their training",
        "questions). `search`: the content store's search alone, as action_answer_question uses it (no item =",
        "\"I don't have information on that\"); `answered`: each sent as a new conversation through the REST",
        "channel (no item also when the message was read as something else, such as a situation or a red flag).",
        "Entity F1: Rasa NLU extracts no entities in this design (`entity_recognition: false`); the clinical",
        "facts are read by the spaCy reader: `reader heldout slot f1` is its slot-level F1 on phrasings kept out",
        "of its development (tests/nlu/reader_heldout.yml); `reader dev` is on the phrasings it was built with.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
