"""The Rasa process answers on its own when the action server is paused or stopped (issue 12).

Run by scripts/conversation_tests.sh after the conversation tests, with ACTION_PID set to the running action
server: the tests pause it (SIGSTOP: it accepts connections and never answers, as a hung server does), then
stop it (SIGTERM: connections are refused). An emergency still gets the alert and the clinic's advice within
a few seconds, "I feel unwell now" still gets the urgent card, and any other message gets who to contact:
never an empty reply.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import yaml

from tests.conversations.rest_client import Patient, custom, text

ACTION_PID = int(os.environ.get("ACTION_PID", "0") or 0)
CLINIC = yaml.safe_load((Path(__file__).resolve().parents[2] / "config" / "clinic.yml").read_text(encoding="utf-8"))
# ACTION_TIMEOUT_SECONDS (bot/rasa_ext/action_faults.py) plus the turn itself.
BOUND_SECONDS = 8

pytestmark = pytest.mark.skipif(not ACTION_PID, reason="needs ACTION_PID of a running action server")


def _tree(pid: int):
    """The action server and the worker processes Sanic starts under it."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _signal_tree(sig):
    for pid in _tree(ACTION_PID):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _timed(patient: Patient, message: str):
    start = time.monotonic()
    reply = patient.say(message)
    return reply, time.monotonic() - start


def _check_emergency(reply, seconds):
    assert seconds < BOUND_SECONDS, seconds
    assert custom(reply, "alert") == {"level": "emergency", "reason": "haemoptysis"}, reply
    assert CLINIC["emergency_number"] in text(reply)


def _check_urgent_card(reply, seconds):
    assert seconds < BOUND_SECONDS, seconds
    card = custom(reply, "urgent_help")
    assert card and card["routes"], reply


def _check_problem_reply(reply, seconds):
    assert seconds < BOUND_SECONDS, seconds
    words = text(reply)
    assert words.strip(), reply
    assert CLINIC["human_contact"]["phone"] in words and CLINIC["emergency_number"] in words


@pytest.fixture(scope="module")
def paused():
    _signal_tree(signal.SIGSTOP)
    yield
    _signal_tree(signal.SIGCONT)


def test_paused_action_server_emergency_still_alerts(paused):
    _check_emergency(*_timed(Patient(), "I'm coughing up lots of blood"))


def test_paused_action_server_urgent_button_still_shows_the_card(paused):
    _check_urgent_card(*_timed(Patient(), "/urgent_help"))


def test_paused_action_server_other_message_says_who_to_contact(paused):
    _check_problem_reply(*_timed(Patient(), "what is sbrt?"))


def test_paused_mid_conversation_an_emergency_still_alerts(paused):
    patient = Patient()
    _signal_tree(signal.SIGCONT)
    patient.say("I have lung cancer that has spread to my liver")
    _signal_tree(signal.SIGSTOP)
    _check_emergency(*_timed(patient, "I'm coughing up lots of blood"))


def test_stopped_action_server_still_answers():
    _signal_tree(signal.SIGCONT)
    _signal_tree(signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(ACTION_PID, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    _check_emergency(*_timed(Patient(), "I'm coughing up lots of blood"))
    _check_urgent_card(*_timed(Patient(), "/urgent_help"))
    _check_problem_reply(*_timed(Patient(), "what is sbrt?"))
