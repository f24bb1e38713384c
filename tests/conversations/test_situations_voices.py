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


# Placed in another category than framework.md gives, at the first run of this suite (2026-12-01): the reader
# or the dialogue still misses these phrasings (docs/benchmarks.md). Strict: a fix makes its case fail here,
# to be taken off the list.
KNOWN_GAPS = {
    "v09",
    "v12",
    "v21",
    "v24",
    "v25",
    "v30",
    "v34",
    "v35",
    "v37",
    "v38",
    "v48",
    "v51",
    "v55",
}


def _params():
    for v in SITUATIONS:
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if v["id"].split("-")[0] in KNOWN_GAPS else []
        yield pytest.param(v, id=v["id"], marks=marks)


def _talk(v):
    patient = Patient()
    assessment, turns, asked = patient.tell(v["story"], v["answers"])
    return assessment, turns, asked, "\n".join(patient.transcript)


@pytest.mark.parametrize("v", SITUATIONS, ids=[v["id"] for v in SITUATIONS])
def test_every_situation_reaches_an_assessment_and_no_question_comes_a_third_time(v, turns_record):
    assessment, turns, asked, transcript = _talk(v)
    assert assessment is not None, transcript
    turns_record.append(turns)
    thrice = [slot for slot, n in Counter(asked).items() if n >= 3]
    assert not thrice, f"asked three times: {thrice}\n{transcript}"


@pytest.mark.parametrize("v", _params())
def test_situation_in_a_new_voice_is_placed_as_framework_md_says(v):
    assessment, _, _, transcript = _talk(v)
    assert assessment is not None, transcript
    for key in ("category", "within_definition", "trial_prescreen"):
        if key in v["expect"]:
            assert assessment[key] == v["expect"][key], f"{key}: {assessment}\n{transcript}"
