"""The questions the assistant could not answer, kept redacted for the content editors.

One row per question in the content database (SQLite by default, PostgreSQL when CONTENT_DATABASE_URL says
so): when, the conversation's sender id, the text after bot.privacy's redaction (the tracker store's), and
the closest items the search found. Read by `python -m bot.report unanswered`; deleted with the
conversation ("forget me", bot.retention).
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Sequence

import sqlalchemy as sa

from bot.privacy import redact
from bot.settings import content_database_url

logger = logging.getLogger(__name__)

metadata = sa.MetaData()
unanswered = sa.Table(
    "unanswered_questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("sender_id", sa.String(128), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("closest", sa.JSON, nullable=False),
)


@lru_cache(maxsize=4)
def _engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, future=True)
    metadata.create_all(engine, checkfirst=True)
    return engine


def engine(url: Optional[str] = None) -> sa.Engine:
    return _engine(url or content_database_url())


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def record(
    sender_id: str, text: str, closest: Sequence[str], url: Optional[str] = None, at: Optional[dt.datetime] = None
) -> bool:
    """Stores one unanswered question, redacted. Never raises: a reply must not fail for the report's sake."""
    try:
        with engine(url).begin() as connection:
            connection.execute(
                unanswered.insert().values(
                    asked_at=at or now_utc(),
                    sender_id=str(sender_id or "")[:128],
                    text=redact(text or ""),
                    closest=list(closest),
                )
            )
        return True
    except Exception:  # noqa: BLE001
        logger.exception("Could not store an unanswered question.")
        return False


def delete_sender(sender_id: str, url: Optional[str] = None) -> int:
    """ "Forget me": every unanswered question of this conversation."""
    with engine(url).begin() as connection:
        return connection.execute(unanswered.delete().where(unanswered.c.sender_id == sender_id)).rowcount


def forget(sender_id: str, url: Optional[str] = None) -> None:
    """ "Forget me" from the action server: never raises, the conversation is deleted whatever happens here."""
    try:
        delete_sender(sender_id, url)
    except Exception:  # noqa: BLE001
        logger.exception("Could not delete a conversation's unanswered questions.")


def delete_older_than(days: float, url: Optional[str] = None, now: Optional[dt.datetime] = None) -> int:
    cutoff = (now or now_utc()) - dt.timedelta(days=days)
    with engine(url).begin() as connection:
        return connection.execute(unanswered.delete().where(unanswered.c.asked_at < cutoff)).rowcount


def rows(
    since: Optional[dt.date] = None, until: Optional[dt.date] = None, url: Optional[str] = None
) -> List[Dict[str, Any]]:
    query = sa.select(unanswered).order_by(unanswered.c.asked_at)
    if since:
        query = query.where(unanswered.c.asked_at >= dt.datetime.combine(since, dt.time(), dt.timezone.utc))
    if until:
        query = query.where(unanswered.c.asked_at < dt.datetime.combine(until, dt.time(), dt.timezone.utc))
    with engine(url).connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]
