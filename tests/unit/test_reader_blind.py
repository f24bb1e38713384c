"""The blind reader rounds as regression sets: never edited, their first looks in docs/benchmarks.md. The
floors are today's figures, so a change that reads less of what people wrote fails here. The blind files
were written with "today" 2026-12-01."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.reader import read
from bot.slots import normalise

TODAY = date(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[2]
ROUNDS = {
    "round1": (ROOT.parent / "shared" / "blind" / "reader_blind_r1.yml", 0.959),
    "round2": (ROOT / "tests" / "nlu" / "blind_round2.yml", 0.982),
    "round3": (ROOT / "tests" / "nlu" / "blind_round3.yml", 0.964),
    "round4": (ROOT / "tests" / "nlu" / "blind_round4.yml", 0.956),
    "round5": (ROOT / "tests" / "nlu" / "blind_round5.yml", 0.949),
    "round6": (ROOT / "tests" / "nlu" / "blind_round6.yml", 0.965),
    "round7": (ROOT / "tests" / "nlu" / "blind_round7.yml", 0.927),
    "round8": (ROOT / "tests" / "nlu" / "blind_round8.yml", 0.912),
    "round9": (ROOT / "tests" / "nlu" / "blind_round9.yml", 0.901),
    "round10": (ROOT / "tests" / "nlu" / "blind_round10.yml", 0.898),
    "round11": (ROOT / "tests" / "nlu" / "blind_round11.yml", 0.918),
    "round12": (ROOT / "tests" / "nlu" / "blind_round12.yml", 0.929),
    "round13": (ROOT / "tests" / "nlu" / "blind_round13.yml", 0.929),
}


def slot_f1(cases) -> float:
    tp = fp = fn = 0
    for case in cases:
        got = read(case["text"], asked=case.get("asked"), today=TODAY)
        for slot, value in (case.get("expect") or {}).items():
            value = normalise(slot, value)
            same = (
                sorted(got[slot]) == sorted(value)
                if isinstance(value, list) and isinstance(got.get(slot), list)
                else got.get(slot) == value
            )
            tp += same
            fn += not same
            fp += not same and slot in got
        fp += sum(1 for slot in case.get("absent") or [] if slot in got)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_blind_round_holds_its_level(name):
    path, floor = ROUNDS[name]
    if not path.exists():
        pytest.skip(f"{path} is not next to this checkout")
    assert slot_f1(yaml.safe_load(path.read_text(encoding="utf-8"))) >= floor
