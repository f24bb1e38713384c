"""The clinical reader against its development phrasings: reader_cases.yml, written for it, and
reader_cases_round2.yml, written as a held-out set and kept as a second development set once it had
revealed the reader's failures."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.reader import MAX_CHARS, read
from bot.slots import normalise

TODAY = date(2026, 11, 22)
HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "reader_cases.yml").read_text(encoding="utf-8"))
ROUND2 = yaml.safe_load((HERE / "reader_cases_round2.yml").read_text(encoding="utf-8"))


def _id(case):
    return (case.get("asked") or "story") + ": " + case["text"][:60]


@pytest.mark.parametrize("case", CASES + ROUND2, ids=[_id(c) for c in CASES] + ["round2 " + _id(c) for c in ROUND2])
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
    assert len(ROUND2) >= 150
    assert sum(1 for c in CASES if c.get("asked")) >= 20


def test_empty_and_huge_messages():
    assert read("") == {}
    assert read("  \n ") == {}
    # A huge message is read in its first MAX_CHARS characters: the facts there as if they came alone, and
    # nothing past them (the same brain clause after half the filler, within the limit, is read).
    story = "I have non-small cell lung cancer with one spot in the liver. "
    facts = {"histology": "nsclc", "metastasis_organs": ["liver"], "metastasis_count": 1}
    filler = "I am not sure what else to say. " * 200
    late = "It has also spread to my brain."
    assert len(story + filler) > MAX_CHARS > len(story + filler[: len(filler) // 2] + late)
    assert read(story) == facts
    assert read(story + filler + late) == facts
    assert read(story + filler[: len(filler) // 2] + late)["metastasis_organs"] == ["liver", "brain"]
    assert read("spot in the liver " * 3000)["metastasis_organs"] == ["liver"]
