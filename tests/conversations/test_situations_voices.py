"""Situations in the voices the first suite did not use (carers, typos, brand names, US shorthand, answers
that are not one of the options, corrections), written from the specs only (situations_voices.yml), through
the REST channel: each reaches its expected category, and no question is asked a third time (an answer that
does not fit gets the question once more, put another way)."""
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conversations.rest_client import Patient

SITUATIONS = yaml.safe_load((Path(__file__).parent / "situations_voices.yml").read_text(encoding="utf-8"))
FIRST_SUITE = yaml.safe_load((Path(__file__).parent / "situations.yml").read_text(encoding="utf-8"))


def test_the_suites_together_have_a_hundred_situations_a_third_in_the_new_voices():
    assert len(SITUATIONS) + len(FIRST_SUITE) >= 100
    assert len(SITUATIONS) * 3 >= len(SITUATIONS) + len(FIRST_SUITE)


@pytest.mark.parametrize("v", SITUATIONS, ids=[v["id"] for v in SITUATIONS])
def test_situation_in_a_new_voice(v, turns_record):
    patient = Patient()
    assessment, turns, asked = patient.tell(v["story"], v["answers"])
    transcript = "\n".join(patient.transcript)
    assert assessment is not None, transcript
    turns_record.append(turns)
    thrice = [slot for slot, n in Counter(asked).items() if n >= 3]
    assert not thrice, f"asked three times: {thrice}\n{transcript}"
    for key in ("category", "within_definition", "trial_prescreen"):
        if key in v["expect"]:
            assert assessment[key] == v["expect"][key], f"{key}: {assessment}\n{transcript}"
