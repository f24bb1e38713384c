"""Configuration checked at start (issue 12): a clinic file missing a route's contact stops the assistant
with a message naming the file and the key, before any patient can meet the gap."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import settings
from bot.config_errors import ConfigError, load_yaml
from bot.rasa_ext import action_faults

ROOT = Path(__file__).resolve().parents[2]
CLINIC = yaml.safe_load((ROOT / "config" / "clinic.yml").read_text(encoding="utf-8"))


def _without(*path):
    raw = yaml.safe_load(yaml.safe_dump(CLINIC))
    target = raw
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return raw


@pytest.mark.parametrize(
    "path, key",
    [
        (("crisis_line",), "crisis_line"),
        (("crisis_line", "phone"), "crisis_line.phone"),
        (("acute_oncology_line", "phone"), "acute_oncology_line.phone"),
        (("emergency_number",), "emergency_number"),
        (("privacy", "retention_days"), "privacy.retention_days"),
        (("human_contact",), "human_contact"),
    ],
)
def test_a_missing_contact_is_refused_by_name(path, key):
    with pytest.raises(ConfigError) as e:
        settings.check_clinic(_without(*path), Path("clinic.yml"))
    assert e.value.key == key


def test_an_unknown_key_is_refused():
    raw = dict(CLINIC, crisis_lines={"name": "x", "phone": "1"})
    with pytest.raises(ConfigError) as e:
        settings.check_clinic(raw, Path("clinic.yml"))
    assert e.value.key == "crisis_lines"


def test_a_key_given_twice_is_refused_naming_the_key(tmp_path):
    # PyYAML alone keeps the second "ma:" of a spelling table and drops the first without a word.
    path = tmp_path / "symptoms.yml"
    path.write_text("spellings:\n  ma: my\n  ma: mother\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'ma' is given twice"):
        load_yaml(path)


def test_the_shipped_clinic_file_is_valid():
    assert settings.check_clinic(CLINIC, Path("clinic.yml"))["crisis_line"]["phone"]


def test_bot_check_exits_non_zero_naming_crisis_line(tmp_path):
    bad = tmp_path / "clinic.yml"
    bad.write_text(yaml.safe_dump(_without("crisis_line")), encoding="utf-8")
    env = dict(os.environ, CLINIC_CONFIG=str(bad), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "bot.check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "crisis_line" in run.stderr and str(bad) in run.stderr


def test_bot_check_passes_on_the_shipped_files():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CLINIC_CONFIG", None)
    run = subprocess.run([sys.executable, "-m", "bot.check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


# The reply the Rasa process gives when the action server cannot (bot/rasa_ext/action_faults.py): plain
# Python, tested here; the same through a stopped and a paused action server in tests/conversations.
def test_fault_reply_for_an_emergency_is_the_alert_with_the_clinic_numbers():
    ((text, custom),) = action_faults.fault_reply(
        {"text": "I'm coughing up lots of blood", "intent": {"name": "red_flag"}}
    )
    assert custom == {"alert": {"level": "emergency", "reason": "haemoptysis"}}
    assert CLINIC["emergency_number"] in text


def test_fault_reply_uses_the_triage_the_nlu_made():
    parse = {"text": "x", "safety": {"alerts": [{"level": "crisis", "reason": "self_harm"}], "safety_net": []}}
    ((text, custom),) = action_faults.fault_reply(parse)
    assert custom["alert"]["reason"] == "self_harm" and CLINIC["crisis_line"]["phone"] in text


def test_fault_reply_for_urgent_help_is_the_card():
    ((text, custom),) = action_faults.fault_reply({"text": "/urgent_help", "intent": {"name": "urgent_help"}})
    assert "urgent_help" in custom and custom["urgent_help"]["routes"]


def test_fault_reply_otherwise_says_who_to_contact():
    ((text, custom),) = action_faults.fault_reply({"text": "what is sbrt?", "intent": {"name": "question"}})
    assert custom is None and CLINIC["human_contact"]["phone"] in text and CLINIC["emergency_number"] in text
