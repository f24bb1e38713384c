"""Retention deletes whole conversations whose latest event is older than the cut-off."""

import sqlalchemy as sa

from bot.retention import delete_older_than

DAY = 86400


def make_events(url, rows):
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    events = sa.Table(
        "events",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255)),
        sa.Column("type_name", sa.String(255)),
        sa.Column("timestamp", sa.Float),
        sa.Column("data", sa.Text),
    )
    meta.create_all(engine)
    with engine.begin() as c:
        c.execute(
            events.insert(), [{"sender_id": s, "type_name": "user", "timestamp": t, "data": "{}"} for s, t in rows]
        )
    return engine, events


def test_old_conversations_are_deleted_recent_ones_kept(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    now = 100 * DAY
    engine, events = make_events(
        url,
        [
            ("old", now - 40 * DAY),
            ("old", now - 35 * DAY),
            ("came-back", now - 60 * DAY),
            ("came-back", now - 1 * DAY),
            ("new", now - 2 * DAY),
        ],
    )
    assert delete_older_than(30, url, now=now) == 1
    with engine.connect() as c:
        senders = sorted({r[0] for r in c.execute(sa.select(events.c.sender_id))})
    assert senders == ["came-back", "new"]
    assert delete_older_than(30, url, now=now) == 0
