"""Identifiers are redacted before anything is stored; clinical facts are kept (issue 5)."""

from pathlib import Path

import pytest
import yaml

from bot.privacy import redact, redact_event_dict

CASES = yaml.safe_load((Path(__file__).parent / "privacy_cases.yml").read_text(encoding="utf-8"))


def test_the_suite_is_large_enough():
    assert len(CASES["redact"]) >= 40


@pytest.mark.parametrize("case", CASES["redact"], ids=lambda c: c["text"][:40])
def test_identifiers_are_redacted(case):
    out = redact(case["text"])
    for gone in case["gone"]:
        assert gone.lower() not in out.lower(), (case["text"], out)
    assert case["placeholder"] in out, out


@pytest.mark.parametrize("text", CASES["keep"])
def test_clinical_facts_are_kept(text):
    assert redact(text) == text


def test_events_are_redacted_in_text_parse_data_and_entities():
    event = {
        "event": "user",
        "text": "my name is Jane Roe, 07700 900123",
        "parse_data": {
            "text": "my name is Jane Roe, 07700 900123",
            "entities": [{"entity": "name", "value": "Jane Roe"}, {"entity": "phone", "value": "07700 900123"}],
        },
    }
    out = redact_event_dict(event)
    assert "Jane" not in str(out) and "900123" not in str(out)
    assert event["text"].startswith("my name is Jane")  # the original is not mutated


def test_redaction_is_idempotent():
    text = "my name is Jane Roe, email j@x.org, 07700 900123, SW1A 1AA"
    assert redact(redact(text)) == redact(text)
