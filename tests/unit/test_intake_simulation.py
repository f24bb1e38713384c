"""The intake without Rasa: story, then the answer to each question the framework asks, read by the
reader with the question as context. Fast, and it catches reader and engine disagreements before the
slower REST suite runs the same situations through the trained model."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.framework import assess
from bot.reader import merge_facts, read

ROOT = Path(__file__).resolve().parents[2]
SITUATIONS = yaml.safe_load((ROOT / "tests" / "conversations" / "situations.yml").read_text(encoding="utf-8"))
SHARED = ROOT.parent / "shared" / "examples" / "vignettes.yaml"
if SHARED.exists():
    SITUATIONS += yaml.safe_load(SHARED.read_text(encoding="utf-8"))
TODAY = date(2026, 11, 22)


def simulate(story, answers):
    facts = read(story, today=TODAY)
    asked = []
    for _ in range(16):
        a = assess(facts)
        if a.complete:
            return a, asked, facts
        slot = a.to_ask[0]
        assert slot not in asked, f"{slot} asked twice; facts {facts}"
        asked.append(slot)
        new = read(answers.get(slot, "I don't know"), asked=slot, today=TODAY)
        facts.update(merge_facts(facts, new, asked=slot))
        if slot not in facts:
            facts[slot] = "unknown"  # the bot would say it did not understand; the test treats that as a miss
    raise AssertionError("no assessment after 16 questions")


@pytest.mark.parametrize("v", SITUATIONS, ids=[v["id"] for v in SITUATIONS])
def test_situation_reaches_expected_outcome(v):
    a, asked, facts = simulate(v["story"], v["answers"])
    for key in ("category", "within_definition", "trial_prescreen"):
        if key in v["expect"]:
            assert getattr(a, key) == v["expect"][key], f"{key}: {a.payload()} asked {asked} facts {facts}"
