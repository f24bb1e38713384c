"""The clinical reader against phrasings written for it (reader_cases.yml) and the shared examples."""
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.reader import read
from bot.slots import normalise

TODAY = date(2026, 11, 22)
CASES = yaml.safe_load((Path(__file__).parent / "reader_cases.yml").read_text(encoding="utf-8"))


def _id(case):
    return (case.get("asked") or "story") + ": " + case["text"][:60]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_phrasing(case):
    got = read(case["text"], asked=case.get("asked"), today=TODAY)
    for slot, expected in (case.get("expect") or {}).items():
        value = got.get(slot)
        if isinstance(expected, list) and isinstance(value, list):
            assert sorted(value) == sorted(normalise(slot, expected)), f"{slot}: {got}"
        else:
            assert value == normalise(slot, expected), f"{slot}: {got}"
    for slot, minimum in (case.get("expect_min") or {}).items():
        assert isinstance(got.get(slot), (int, float)) and got[slot] >= minimum, f"{slot}: {got}"
    for slot in case.get("absent") or []:
        assert slot not in got, f"{slot} should not be set: {got}"


def test_enough_phrasings():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if c.get("asked")) >= 20


def test_empty_and_huge_messages():
    assert read("") == {}
    assert isinstance(read("spot in the liver " * 3000), dict)
