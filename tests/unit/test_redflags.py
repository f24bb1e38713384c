"""Red flags at every turn (issue 5): every red message alerted, no calm message alerted."""
from pathlib import Path

import pytest
import yaml

from bot import redflags
from bot.settings import clinic

SUITE = yaml.safe_load((Path(__file__).parent / "redflag_messages.yml").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "safety.yaml"


def test_the_suite_is_large_enough():
    assert len(SUITE["red"]) >= 60 and len(SUITE["calm"]) >= 40


@pytest.mark.parametrize("case", SUITE["red"], ids=lambda c: c["text"][:50])
def test_every_red_flag_is_alerted(case):
    alert = redflags.detect(case["text"])
    assert alert is not None, case["text"]
    if case["level"] != "any":
        assert alert.level == case["level"], (case["text"], alert)


@pytest.mark.parametrize("text", SUITE["calm"], ids=lambda t: t[:50])
def test_no_calm_message_is_alerted(text):
    assert redflags.detect(text) is None, (text, redflags.detect_all(text))


@pytest.mark.skipif(not SHARED.exists(), reason="shared/examples is not next to this checkout")
def test_shared_safety_examples():
    data = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    assert all(redflags.detect(t) for t in data["red_flags"])
    assert not any(redflags.detect(t) for t in data["calm"])


@pytest.mark.parametrize("level, reason", [("emergency", "haemoptysis"), ("urgent", "hypercalcaemia"),
                                           ("crisis", "self_harm"), ("emergency", "unknown_reason")])
def test_advice_says_what_to_do_now_with_the_clinic_numbers(level, reason):
    text = redflags.advice(redflags.Alert(level, reason, ""), clinic().raw)
    number = {"emergency": clinic()["emergency_number"], "urgent": clinic()["acute_oncology_line"]["phone"],
              "crisis": clinic()["crisis_line"]["phone"]}[level]
    assert number in text.split("\n\n")[0]


def test_huge_and_odd_input_does_not_break_detection():
    assert redflags.detect("") is None
    assert redflags.detect("a" * 100_000) is None
    assert redflags.detect("\x00\x01 coughing up blood \ufffd").level == "emergency"
