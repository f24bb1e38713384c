"""Unanswered questions: stored redacted, reported by closest item, deleted by retention and "forget me"."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from bot import report, unanswered


def test_unanswered_questions_are_stored_redacted_and_grouped(tmp_path):
    url = f"sqlite:///{tmp_path / 'content.db'}"
    assert unanswered.record("s1", "My name is John Smith, can I eat turmeric?", ["glossary"], url=url)
    unanswered.record("s2", "what about diet", ["glossary", "clinical-trials"], url=url)
    unanswered.record("s2", "who won the football", [], url=url)
    rows = unanswered.rows(url=url)
    assert len(rows) == 3 and "John" not in rows[0]["text"] and "[name]" in rows[0]["text"]
    text = report.unanswered_report(url=url)
    assert "glossary: 2" in text and "(no close item): 1" in text and "Smith" not in text
    assert unanswered.delete_sender("s2", url=url) == 2
    assert [r["sender_id"] for r in unanswered.rows(url=url)] == ["s1"]


def test_since_and_retention(tmp_path):
    url = f"sqlite:///{tmp_path / 'content.db'}"
    old = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    unanswered.record("s1", "old question", [], url=url, at=old)
    unanswered.record("s1", "new question", [], url=url)
    assert [r["text"] for r in unanswered.rows(since=dt.date.today(), url=url)] == ["new question"]
    assert unanswered.delete_older_than(30, url=url) == 1
    assert [r["text"] for r in unanswered.rows(url=url)] == ["new question"]


def test_summary_reads_the_tracker_database_when_there(tmp_path):
    url = f"sqlite:///{tmp_path / 'content.db'}"
    unanswered.record("s1", "q", [], url=url)
    path = tmp_path / "conversations.db"
    c = sqlite3.connect(path)
    c.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
        "intent_name TEXT, action_name TEXT, data TEXT)"
    )
    now = dt.datetime.now().timestamp()
    rows = [
        ("a", "user", now, json.dumps({"event": "user"})),
        (
            "a",
            "bot",
            now,
            json.dumps({"event": "bot", "data": {"custom": {"assessment": {"category": "polymetastatic"}}}}),
        ),
        ("b", "user", now, json.dumps({"event": "user"})),
        (
            "b",
            "bot",
            now,
            json.dumps({"event": "bot", "data": {"custom": {"alert": {"level": "urgent", "reason": "haemoptysis"}}}}),
        ),
    ]
    c.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)", rows)
    c.commit()
    c.close()
    text = report.summary_report(url=url, path=path)
    assert "Conversations: 2" in text and "polymetastatic: 1" in text and "haemoptysis: 1" in text
    assert "Unanswered questions: 1" in text
    missing = report.summary_report(url=url, path=tmp_path / "none.db")
    assert "not available" in missing and "Unanswered questions: 1" in missing
