"""Deletes stored conversations older than the clinic's retention period.

    python -m bot.retention                 # uses privacy.retention_days from config/clinic.yml
    python -m bot.retention --days 30 --db sqlite:///var/conversations.db

The questions the assistant could not answer (bot.unanswered, in the content database) are deleted after the
same period, each by its own date.

A conversation is deleted whole once its latest event is older than the cut-off, so a person who came
back yesterday keeps their conversation. Run it daily (cron, a Kubernetes CronJob).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Optional

import sqlalchemy as sa

from bot import unanswered
from bot.settings import ROOT, clinic


def tracker_database_url() -> str:
    url = os.environ.get("TRACKER_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{ROOT / os.environ.get('TRACKER_DB', 'var/conversations.db')}"


def delete_older_than(days: float, url: Optional[str] = None, now: Optional[float] = None) -> int:
    """Deletes every conversation whose latest event is older than `days`; returns how many."""
    engine = sa.create_engine(url or tracker_database_url())
    cutoff = (now if now is not None else time.time()) - days * 86400
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        stale = (
            sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
        )
        senders = [row[0] for row in connection.execute(stale)]
        if senders:
            connection.execute(events.delete().where(events.c.sender_id.in_(senders)))
    engine.dispose()
    return len(senders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=clinic()["privacy"]["retention_days"])
    parser.add_argument("--db", help="SQLAlchemy URL of the tracker store (default: TRACKER_DATABASE_URL or var/)")
    parser.add_argument(
        "--content-db",
        help="SQLAlchemy URL of the content database, which keeps the unanswered "
        "questions (default: CONTENT_DATABASE_URL or var/)",
    )
    args = parser.parse_args()
    n = delete_older_than(args.days, args.db)
    print(f"Deleted {n} conversation(s) older than {args.days:g} days.")
    q = unanswered.delete_older_than(args.days, args.content_db)
    print(f"Deleted {q} unanswered question(s) older than {args.days:g} days.")


if __name__ == "__main__":
    main()
