"""Patient-facing text lives in bot/data/messages.yml (bot/messages.py), checked at load; the conversation and
intake actions only fill it in (code review 2026-12, item 6; issue 17)."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.conversation as conversation
import actions.intake as intake
from bot import messages
from bot.config_errors import ConfigError
from bot.settings import clinic

ROOT = Path(__file__).resolve().parents[2]


def tracker(slots=None):
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message={"text": "hello", "intent": {"name": "inform"}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def said(action, slots=None):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(slots), {}))
    return dispatcher.messages


def test_every_message_loads_with_the_clinics_contacts_filled_in():
    raw = clinic().raw
    for key, extra in messages.KEYS.items():
        text = messages.message(key, raw, **{name: "Spanish" for name in extra})
        assert text.strip() and "{" not in text and "}" not in text, key


def test_the_greeting_keeps_its_paragraphs_and_the_clinics_details():
    c = clinic()
    text = messages.message("greeting", c.raw)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 4 and all(p == " ".join(p.split()) for p in paragraphs), paragraphs
    assert c.name in paragraphs[0] and c["emergency_services"] in paragraphs[1]
    assert c.contact_line("acute_oncology_line") in paragraphs[1]
    assert f"kept for {c['privacy']['retention_days']} days" in paragraphs[2]


def test_the_actions_say_the_messages(monkeypatch):
    raw = clinic().raw
    monkeypatch.setattr(conversation.unanswered, "forget", lambda sender: None)
    (greet,) = said(conversation.ActionGreet())
    assert greet["text"] == messages.message("greeting", raw)
    assert greet["buttons"] == [{"title": messages.message("urgent_button", raw), "payload": "/urgent_help"}]
    assert said(conversation.ActionHuman())[0]["text"] == messages.message("human_contact", raw)
    assert said(conversation.ActionRestartConversation())[0]["text"] == messages.message("restarted", raw)
    (forgot,) = said(conversation.ActionForgetMe())
    assert forgot["text"] == messages.message("forgotten", raw) and forgot["custom"] == {"forget": True}
    assert said(intake.ActionNotUnderstood())[0]["text"] == messages.message("not_understood", raw)
    assert said(intake.ActionSummary())[0]["text"] == messages.message("summary_empty", raw)
    summary = said(intake.ActionSummary(), {"histology": "nsclc", "metastasis_organs": ["liver"]})[0]["text"]
    assert summary == (
        messages.message("summary_intro", raw)
        + "\n- The cancer is non-small cell lung cancer.\n- The spots are in the liver.\n\n"
        + messages.message("summary_correction", raw)
    )


def _prose(node: ast.AST) -> list:
    """String constants of four words or more under `node`, docstrings left out."""
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(node)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and len(n.value.split()) >= 4
    ]


def test_no_patient_facing_text_is_written_in_these_actions():
    tree = ast.parse((ROOT / "actions" / "conversation.py").read_text(encoding="utf-8"))
    assert _prose(tree) == []
    tree = ast.parse((ROOT / "actions" / "intake.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ("ActionSummary", "ActionNotUnderstood"):
            assert _prose(node) == [], node.name


@pytest.fixture
def messages_file(tmp_path, monkeypatch):
    data = yaml.safe_load(messages.DATA.read_text(encoding="utf-8"))
    path = tmp_path / "messages.yml"
    monkeypatch.setattr(messages, "DATA", path)

    def write(**changes):
        path.write_text(yaml.safe_dump({**data, **changes}), encoding="utf-8")
        messages.messages.cache_clear()

    yield data, write
    messages.messages.cache_clear()


def test_a_missing_message_or_an_unknown_placeholder_stops_the_load(messages_file):
    data, write = messages_file
    write(restarted=None)
    with pytest.raises(ConfigError, match=r"messages\.yml: restarted: is required"):
        messages.messages()
    write(restarted="Call the {acute_nmae} now.")
    with pytest.raises(ConfigError, match=r"restarted: unknown placeholder \{acute_nmae\}"):
        messages.messages()
    # {language} belongs to english_only only.
    write(restarted="Your message is in {language}.")
    with pytest.raises(ConfigError, match=r"restarted: unknown placeholder \{language\}"):
        messages.messages()
    write(greeting_typo="Hello.")
    with pytest.raises(ConfigError, match=r"greeting_typo: unknown key"):
        messages.messages()
