"""Patient situations written for this project, through the REST channel of the running assistant:
every one must reach the expected category with no question asked twice."""

from pathlib import Path

import pytest
import yaml

from bot.slots import CATEGORIES
from tests.conversations.rest_client import Patient

SITUATIONS = yaml.safe_load((Path(__file__).parent / "situations.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("v", SITUATIONS, ids=[v["id"] for v in SITUATIONS])
def test_situation(v, turns_record):
    patient = Patient()
    assessment, turns, asked = patient.tell(v["story"], v["answers"])
    transcript = "\n".join(patient.transcript)
    assert assessment is not None, transcript
    turns_record.append(turns)
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    for key in ("category", "within_definition", "trial_prescreen"):
        if key in v["expect"]:
            assert assessment[key] == v["expect"][key], f"{key}: {assessment}\n{transcript}"
    assert assessment["content"] and assessment["citations"], assessment


def test_enough_situations_cover_every_category():
    assert len(SITUATIONS) >= 40
    categories = {v["expect"]["category"] for v in SITUATIONS}
    assert categories >= set(CATEGORIES)
