"""The redacting tracker store with its in-memory recent trackers, against a real SQLite file."""

import asyncio
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.tracker_store import RedactingSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [inform]
slots:
  stage:
    type: any
    mappings: [{type: custom}]
""")


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "conversations.db")


def store(db):
    return RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)


def turn(tracker, text):
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    tracker.update(SlotSet("stage", "4"))
    tracker.update(ActionExecuted("action_listen"))


def saved(s, sender, text="stage four"):
    """A tracker with one turn, saved by store `s`."""
    t = DialogueStateTracker(sender, DOMAIN.slots)
    turn(t, text)
    run(s.save(t))
    return t


def rows(db):
    import sqlite3

    return [json.loads(r[0]) for r in sqlite3.connect(db).execute("select data from events order by id")]


def test_a_saved_tracker_is_handed_to_the_next_turn_once(db):
    s = store(db)
    t = saved(s, "a")
    assert run(s.retrieve("a")) is t  # kept, and the database still holds what it saved
    again = run(s.retrieve("a"))  # handed out once: now read from the database
    assert again is not t and [e.as_dict() for e in again.events] == [e.as_dict() for e in t.events]


def test_another_writer_makes_the_next_turn_read_the_database(db):
    a, b = store(db), store(db)  # two Rasa replicas on one database
    t = saved(a, "c")
    on_b = run(b.retrieve("c"))
    turn(on_b, "two spots in the liver")
    run(b.save(on_b))
    back_on_a = run(a.retrieve("c"))
    assert back_on_a is not t and len(back_on_a.events) == len(on_b.events)
    assert back_on_a.events[-3].text == "two spots in the liver"


def test_a_turn_that_failed_before_saving_is_not_handed_on(db):
    s = store(db)
    saved(s, "f")
    half = run(s.retrieve("f"))
    half.update(UserUttered("never saved"))  # the turn breaks here: no save
    fresh = run(s.retrieve("f"))
    assert all(getattr(e, "text", None) != "never saved" for e in fresh.events)


def test_redacted_text_is_what_the_next_turn_sees(db):
    s = store(db)
    t = saved(s, "r", "my email is jane.doe@example.org and I have stage 4")
    assert "jane.doe@example.org" not in json.dumps(rows(db))
    nxt = run(s.retrieve("r"))
    assert nxt is not t and "jane.doe@example.org" not in nxt.events[0].text


def test_forget_me_deletes_and_forgets(db):
    s = store(db)
    t = saved(s, "m")
    t = run(s.retrieve("m"))
    t.update(BotUttered("Done.", {"custom": {"forget": True}}))
    run(s.save(t))
    assert rows(db) == [] and run(s.retrieve("m")) is None
